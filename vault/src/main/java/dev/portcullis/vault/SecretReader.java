package dev.portcullis.vault;

/** Reads secrets from the vault by path; what credential backends use to reach their own secrets. */
@FunctionalInterface
public interface SecretReader {

  /**
   * The secret stored at {@code path}.
   *
   * @throws VaultException {@link VaultException.Reason#SEALED} when the vault has no root key,
   *                        {@link VaultException.Reason#NOT_FOUND} when nothing is stored there, and so on
   */
  SecretValue read(String path);
}
