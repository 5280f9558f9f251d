package dev.portcullis.vault;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A secret's plaintext, held only as long as someone needs it. {@link #toString()} never shows it,
 * so a secret that ends up in a log line or an exception message shows as {@code [secret]}.
 */
public final class SecretValue {
  private final byte[] bytes;

  private SecretValue(byte[] bytes) { this.bytes = bytes; }

  /** A secret with these bytes (copied). */
  public static SecretValue of(byte[] bytes) { return new SecretValue(bytes.clone()); }

  /** A secret with this text, UTF-8 encoded. */
  public static SecretValue of(String text) { return new SecretValue(text.getBytes(StandardCharsets.UTF_8)); }

  /** A copy of the bytes. */
  public byte[] bytes() { return bytes.clone(); }

  /** The bytes as UTF-8 text. */
  public String utf8() { return new String(bytes, StandardCharsets.UTF_8); }

  /** Overwrites the bytes; the value is empty afterwards. */
  public void destroy() { Arrays.fill(bytes, (byte) 0); }

  @Override
  public boolean equals(Object o) { return o instanceof SecretValue s && java.security.MessageDigest.isEqual(bytes, s.bytes); }

  @Override
  public int hashCode() { return Arrays.hashCode(bytes); }

  @Override
  public String toString() { return "[secret]"; }
}
