package dev.portcullis.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A secret as the store keeps it: only ever ciphertext. The vault encrypts before it stores and
 * decrypts after it reads; the store never sees a plaintext secret.
 *
 * @param path       where the secret lives ({@code payments/stripe/api-key})
 * @param ciphertext the envelope-encrypted value, bound to the path
 * @param version    1 for the first value, one more for every later {@code put}
 * @param createdAt  when the first value was stored
 * @param updatedAt  when the current value was stored
 */
public record SecretRecord(String path, byte[] ciphertext, long version, Instant createdAt, Instant updatedAt) {
  public SecretRecord {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  @Override
  public String toString() {
    return "SecretRecord[path=" + path + ", version=" + version + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + "]";
  }
}
