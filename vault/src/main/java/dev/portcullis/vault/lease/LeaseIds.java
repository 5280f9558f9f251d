package dev.portcullis.vault.lease;

import java.security.SecureRandom;

/** Lease ids: {@code <backend>/<128 random bits in lower-case base32>}, unguessable and safe in role names. */
final class LeaseIds {
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private LeaseIds() {}

  /** A new id for a lease on {@code backend}. */
  static String next(String backend) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    StringBuilder id = new StringBuilder(backend.length() + 27).append(backend).append('/');
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        id.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      id.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return id.toString();
  }
}
