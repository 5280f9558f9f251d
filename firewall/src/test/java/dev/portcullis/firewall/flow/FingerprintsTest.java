package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

  @Test
  void of_isTheFirst64BitsOfHmacSha256() throws Exception {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) key[i] = (byte) (i * 7 + 1);
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    var fingerprints = new Fingerprints(key);

    for (String value : new String[] {"de89370400440532013000", "mallory jones", "", "ü".repeat(100)}) {
      long expected = ByteBuffer.wrap(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))).getLong();
      assertThat(fingerprints.of(value)).as(value).isEqualTo(expected);
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
}
