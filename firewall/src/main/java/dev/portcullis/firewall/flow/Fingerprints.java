package dev.portcullis.firewall.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Turns normalised values into fingerprints: SipHash-2-4, a keyed pseudo-random function with a
 * 64-bit output, under a random 128-bit key made when the process starts. The values themselves
 * are never kept. Without the key, a fingerprint cannot be tested against guesses (an IBAN or a
 * phone number has few enough possibilities that a plain hash could be reversed); the key never
 * leaves this object, and a restart makes every old fingerprint meaningless, which is fine for
 * state that lives only in memory.
 *
 * <p>64 bits keep a false match between a session's few thousand fingerprints and a call's few
 * thousand argument values below one in a trillion.
 *
 * <p>SipHash is made for short inputs and needs no allocation, which matters because a long result
 * yields thousands of values. It reads bytes; a value's characters are encoded for it without a
 * character set: a character below {@code U+0080} as one byte, any other as two or three bytes of
 * seven bits each, the high bit marking that another follows (LEB128). Every encoded character is
 * recognisable where it ends, so two different values never encode alike, and text that is mostly
 * ASCII costs one byte a character. Result values and argument values both pass through here, so
 * the encoding need not match anything outside this process.
 *
 * <p>{@link #of(String)} is thread-safe. A {@link Hasher} feeds a value in pieces (the words of a
 * shingle, without joining them into a string); it is not thread-safe, and each extraction takes
 * its own.
 */
final class Fingerprints {
  private static final VarHandle LITTLE_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** SipHash's initial state is the key xor these ("somepseudorandomlygeneratedbytes"). */
  private static final long C0 = 0x736f6d6570736575L;
  private static final long C1 = 0x646f72616e646f6dL;
  private static final long C2 = 0x6c7967656e657261L;
  private static final long C3 = 0x7465646279746573L;
  private final long k0;
  private final long k1;

  /** Fingerprints under a fresh random key. */
  Fingerprints(SecureRandom random) { this(random.nextLong(), random.nextLong()); }

  /** Fingerprints under a given key, its two halves read as little-endian words (for tests against a reference). */
  Fingerprints(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /** The fingerprint of a normalised value. */
  long of(String value) { return hasher().put(value, 0, value.length()).finish(); }

  /**
   * The fingerprint of {@code bytes[from, to)}, each an ASCII character (so encoded as itself):
   * the same as feeding them to a {@link Hasher}, with the whole state in locals. Most shingles
   * are one stretch of an ASCII text, and this is the hottest loop of flow recording.
   */
  long ofAscii(byte[] bytes, int from, int to) {
    long v0 = k0 ^ C0;
    long v1 = k1 ^ C1;
    long v2 = k0 ^ C2;
    long v3 = k1 ^ C3;
    int length = to - from;
    int blocksEnd = from + (length & ~7);
    for (int i = from; ; i += Long.BYTES) {
      boolean last = i == blocksEnd;
      long m;
      if (last) {
        int rest = to - i;
        if (i + Long.BYTES <= bytes.length) {
          // One read, the bytes past the value masked off (rest is below 8).
          m = (long) LITTLE_ENDIAN.get(bytes, i) & (1L << 8 * rest) - 1;
        } else {
          m = 0;
          for (int j = 0; j < rest; j++) m |= (long) bytes[i + j] << 8 * j;
        }
        m |= (long) length << 56;
      } else {
        m = (long) LITTLE_ENDIAN.get(bytes, i);
      }
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
      if (last) break;
    }
    v2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  /** A hasher for values given in pieces, ready for its first value. */
  Hasher hasher() { return new Hasher(k0, k1); }

  /**
   * SipHash-2-4 over the encoding of the characters it is given (see the class comment). Starts
   * ready for a value; {@link #finish} returns the fingerprint and makes it ready for the next.
   */
  static final class Hasher {
    private final long k0;
    private final long k1;
    private long v0;
    private long v1;
    private long v2;
    private long v3;
    /** Bytes not yet compressed, the first in the lowest bits. */
    private long pending;
    /** How many bits of {@link #pending} are filled: 0 to 56, a multiple of 8. */
    private int pendingBits;
    /** Bytes fed so far; SipHash folds its low 8 bits into the last block. */
    private int length;

    private Hasher(long k0, long k1) {
      this.k0 = k0;
      this.k1 = k1;
      reset();
    }

    private void reset() {
      v0 = k0 ^ C0;
      v1 = k1 ^ C1;
      v2 = k0 ^ C2;
      v3 = k1 ^ C3;
      pending = 0;
      pendingBits = 0;
      length = 0;
    }

    /** Feeds the characters of {@code s} from {@code from} (inclusive) to {@code to} (exclusive). */
    Hasher put(String s, int from, int to) {
      // The state is kept in locals while the characters of one piece go through: the loop then
      // runs in registers.
      long m = pending;
      int bits = pendingBits;
      int ascii = 0;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          pending = m;
          pendingBits = bits;
          length += ascii;
          ascii = 0;
          wide(c);
          m = pending;
          bits = pendingBits;
          continue;
        }
        m |= (long) c << bits;
        ascii++;
        if (bits < 56) {
          bits += 8;
        } else {
          compress(m);
          m = 0;
          bits = 0;
        }
      }
      pending = m;
      pendingBits = bits;
      length += ascii;
      return this;
    }

    /** Feeds one character. */
    Hasher put(char c) {
      if (c < 0x80) {
        putByte(c);
      } else {
        wide(c);
      }
      return this;
    }

    private void wide(char c) {
      putByte(0x80 | c & 0x7F);
      if (c < 0x4000) {
        putByte(c >>> 7);
      } else {
        putByte(0x80 | c >>> 7 & 0x7F);
        putByte(c >>> 14);
      }
    }

    private void putByte(int b) {
      pending |= (long) b << pendingBits;
      length++;
      if (pendingBits < 56) {
        pendingBits += 8;
        return;
      }
      compress(pending);
      pending = 0;
      pendingBits = 0;
    }

    /** The fingerprint of everything fed since the last one. */
    long finish() {
      compress(pending | (long) length << 56);
      v2 ^= 0xff;
      round();
      round();
      round();
      round();
      long h = v0 ^ v1 ^ v2 ^ v3;
      reset();
      return h;
    }

    private void compress(long m) {
      v3 ^= m;
      round();
      round();
      v0 ^= m;
    }

    private void round() {
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13);
      v1 ^= v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16);
      v3 ^= v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21);
      v3 ^= v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17);
      v1 ^= v2;
      v2 = Long.rotateLeft(v2, 32);
    }
  }
}
