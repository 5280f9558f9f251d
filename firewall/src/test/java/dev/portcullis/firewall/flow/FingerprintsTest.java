package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
  /** The key of the SipHash paper's test vector, 00 01 .. 0f, as two little-endian words. */
  private static final long K0 = 0x0706050403020100L;
  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  @Test
  void of_matchesTheSipHashPaperTestVector() {
    // Appendix A of the SipHash paper: key 00..0f, message 00..0e (fifteen bytes, each below 0x80,
    // so each is one character of one byte).
    var message = new StringBuilder();
    for (char c = 0; c < 15; c++) message.append(c);

    assertThat(new Fingerprints(K0, K1).of(message.toString())).isEqualTo(0xa129ca6149be45e5L);
  }

  @Test
  void of_isGuavaSipHash24OfTheEncodedCharacters() {
    var fingerprints = new Fingerprints(K0, K1);
    HashFunction reference = Hashing.sipHash24(K0, K1);
    var random = new Random(7);
    String[] fixed = {"", "a", "de89370400440532013000", "mallory jones", "ü".repeat(100), "straße 😀 ｆｕｌｌ", "\u0000\u007f\u0080\u3fff\u4000\uffff"};
    for (String value : fixed) {
      assertThat(fingerprints.of(value)).as(value).isEqualTo(reference.hashBytes(encode(value)).asLong());
    }
    for (int n = 0; n < 2000; n++) {
      var sb = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        sb.append((char) switch (random.nextInt(3)) {
          case 0 -> random.nextInt(0x80);
          case 1 -> random.nextInt(0x4000);
          default -> random.nextInt(0x10000);
        });
      }
      String value = sb.toString();
      assertThat(fingerprints.of(value)).as(value).isEqualTo(reference.hashBytes(encode(value)).asLong());
    }
  }

  @Test
  void hasher_fedInPieces_agreesWithTheWholeValue() {
    var fingerprints = new Fingerprints(new SecureRandom());
    Fingerprints.Hasher hasher = fingerprints.hasher();
    String text = "the quick brown 狐 jumps over the lazy dog";

    long pieces = hasher.put(text, 0, 9).put(' ').put(text, 10, 16).put(text, 16, text.length()).finish();
    long again = hasher.put(text, 0, text.length()).finish();

    assertThat(pieces).isEqualTo(fingerprints.of(text)).isEqualTo(again);
  }

  @Test
  void ofAsciiAndPieces_agreeWithTheWholeValue_atEveryOffsetAndLength() {
    var fingerprints = new Fingerprints(K0, K1);
    var random = new Random(11);
    byte[] bytes = new byte[64];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) random.nextInt(0x80);
    String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    for (int from = 0; from < 20; from++) {
      for (int to = from; to <= bytes.length; to++) {
        long expected = fingerprints.of(text.substring(from, to));
        assertThat(fingerprints.ofAscii(bytes, from, to)).as("%d..%d", from, to).isEqualTo(expected);
        // Pieces of every size, so that blocks straddle the pieces.
        int cut = from + (to - from) / 3;
        long pieces = fingerprints.hasher().put(text, from, cut).put(text, cut, to).finish();
        assertThat(pieces).as("%d..%d cut at %d", from, to, cut).isEqualTo(expected);
      }
    }
  }

  @Test
  void of_sameValue_sameFingerprint_differentKey_differentFingerprint() {
    var a = new Fingerprints(new SecureRandom());
    var b = new Fingerprints(new SecureRandom());

    assertThat(a.of("de89370400440532013000")).isEqualTo(a.of("de89370400440532013000"))
        .isNotEqualTo(b.of("de89370400440532013000"));
    assertThat(a.of("de89370400440532013000")).isNotEqualTo(a.of("de89370400440532013001"));
  }

  @Test
  void of_valuesWhoseEncodingsCouldRunTogether_differ() {
    var f = new Fingerprints(new SecureRandom());

    // U+0101 is encoded 0x81 0x02: it must not be the two characters U+0001 U+0002 shifted.
    assertThat(f.of("\u0101")).isNotEqualTo(f.of("\u0081\u0002")).isNotEqualTo(f.of("\u0001\u0002"));
  }

  /** The encoding of the class comment, written independently: LEB128 of each character. */
  private static byte[] encode(String value) {
    var out = new ByteArrayOutputStream();
    for (int i = 0; i < value.length(); i++) {
      int c = value.charAt(i);
      while (c >= 0x80) {
        out.write(0x80 | c & 0x7F);
        c >>>= 7;
      }
      out.write(c);
    }
    return out.toByteArray();
  }
}
