package dev.portcullis.vault;

import java.util.Objects;

/**
 * Something the vault cannot do, with a reason a caller can act on. Messages name paths, lease ids
 * and backends, never a secret.
 */
public class VaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** No root key is loaded: nothing that needs a secret can be served. */
    SEALED,
    /** The root key does not open this vault's records. */
    WRONG_KEY,
    /** No secret, lease or backend by that name. */
    NOT_FOUND,
    /** A ciphertext failed authentication: altered, or moved to another record. */
    TAMPERED,
    /** A credential backend could not mint or revoke (the backend's own error, without secrets). */
    BACKEND_FAILED,
    /** The request is not allowed (for example renewing beyond the lease's maximum TTL). */
    REFUSED
  }

  private final Reason reason;

  public VaultException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public VaultException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() { return reason; }
}
