package dev.portcullis.vault.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a ciphertext is bound to: the kind of record and its name (a secret's path, a lease's id).
 * A ciphertext opened with other associated data fails authentication, so a value copied from one
 * record into another does not decrypt.
 *
 * @param kind what sort of record ({@code secret}, {@code lease}, {@code canary})
 * @param name which record of that kind
 */
public record AssociatedData(String kind, String name) {
  private static final String CONTEXT = "portcullis-vault/v1";

  public AssociatedData {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (kind.indexOf('\0') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("associated data may not contain NUL characters");
    }
  }

  /** The associated data of the secret at {@code path}. */
  public static AssociatedData secret(String path) { return new AssociatedData("secret", path); }

  /** The associated data of the lease {@code id}. */
  public static AssociatedData lease(String id) { return new AssociatedData("lease", id); }

  /** The associated data of the vault's canary record. */
  public static AssociatedData canary(String path) { return new AssociatedData("canary", path); }

  /** The bytes the AEAD authenticates. */
  byte[] bytes() {
    return (CONTEXT + '\0' + kind + '\0' + name).getBytes(StandardCharsets.UTF_8);
  }

  /** How error messages name the record: {@code secret db/main}. */
  public String describe() { return kind + " " + name; }
}
