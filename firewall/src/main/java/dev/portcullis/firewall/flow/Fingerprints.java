package dev.portcullis.firewall.flow;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns normalised values into fingerprints: HMAC-SHA-256 under a random key made when the process
 * starts, truncated to 64 bits. The values themselves are never kept. Without the key, a
 * fingerprint cannot be tested against guesses (an IBAN or a phone number has few enough
 * possibilities that a plain hash could be reversed); the key never leaves this object, and a
 * restart makes every old fingerprint meaningless, which is fine for state that lives in memory.
 *
 * <p>64 bits keep a false match between a session's few thousand fingerprints and a call's few
 * thousand argument values below one in a trillion.
 */
final class Fingerprints {
  private static final String ALGORITHM = "HmacSHA256";

  private final Mac prototype;

  /** Fingerprints under a fresh random key. */
  Fingerprints(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    try {
      prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JDK", e);
    }
  }

  /** A hasher for one thread's use, for as many values as it needs. */
  Hasher hasher() {
    try {
      return new Hasher((Mac) prototype.clone());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the HMAC-SHA-256 provider cannot be cloned", e);
    }
  }

  /** Fingerprints values one after another; not thread-safe. */
  static final class Hasher {
    private final Mac mac;

    private Hasher(Mac mac) { this.mac = mac; }

    /** The fingerprint of a normalised value. */
    long of(String value) {
      byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      long fp = 0;
      for (int i = 0; i < Long.BYTES; i++) fp = fp << 8 | (h[i] & 0xFF);
      return fp;
    }
  }
}
