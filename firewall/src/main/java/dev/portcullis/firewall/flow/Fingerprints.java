package dev.portcullis.firewall.flow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Turns normalised values into fingerprints: HMAC-SHA-256 under a random key made when the process
 * starts, truncated to 64 bits. The values themselves are never kept. Without the key, a
 * fingerprint cannot be tested against guesses (an IBAN or a phone number has few enough
 * possibilities that a plain hash could be reversed); the key never leaves this object, and a
 * restart makes every old fingerprint meaningless, which is fine for state that lives in memory.
 *
 * <p>64 bits keep a false match between a session's few thousand fingerprints and a call's few
 * thousand argument values below one in a trillion.
 *
 * <p>HMAC is computed from the SHA-256 states after the padded key blocks (RFC 2104, section 4),
 * taken once at construction: each value then costs two compression rounds instead of four, which
 * matters because a long result yields thousands of values.
 */
final class Fingerprints {
  private static final int BLOCK = 64;

  private final MessageDigest innerPrefix;
  private final MessageDigest outerPrefix;

  /** Fingerprints under a fresh random key. */
  Fingerprints(SecureRandom random) { this(randomKey(random)); }

  /** Fingerprints under a given key of at most one block (for tests against a reference HMAC). */
  Fingerprints(byte[] key) {
    if (key.length > BLOCK) throw new IllegalArgumentException("the key must be at most " + BLOCK + " bytes");
    byte[] ipad = new byte[BLOCK];
    byte[] opad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte k = i < key.length ? key[i] : 0;
      ipad[i] = (byte) (k ^ 0x36);
      opad[i] = (byte) (k ^ 0x5c);
    }
    innerPrefix = sha256();
    innerPrefix.update(ipad);
    outerPrefix = sha256();
    outerPrefix.update(opad);
    Arrays.fill(ipad, (byte) 0);
    Arrays.fill(opad, (byte) 0);
  }

  private static byte[] randomKey(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  /** The fingerprint of a normalised value. Thread-safe: the key states are only ever copied. */
  long of(String value) {
    MessageDigest inner = copy(innerPrefix);
    inner.update(value.getBytes(StandardCharsets.UTF_8));
    MessageDigest outer = copy(outerPrefix);
    outer.update(inner.digest());
    byte[] h = outer.digest();
    long fp = 0;
    for (int i = 0; i < Long.BYTES; i++) fp = fp << 8 | (h[i] & 0xFF);
    return fp;
  }

  private static MessageDigest copy(MessageDigest prefix) {
    try {
      return (MessageDigest) prefix.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the SHA-256 provider cannot be cloned", e);
    }
  }
}
