package dev.portcullis.vault.lease;

/**
 * Hears about every lease's life, so the gateway can audit it. Events carry the lease (id,
 * backend, scope, times), never the credential. Methods should be cheap; {@link #issued} may
 * throw to refuse a lease that cannot be recorded (the manager then revokes it), the others'
 * exceptions are logged and ignored.
 */
public interface LeaseListener {

  /** A lease was issued and its credential minted. */
  default void issued(Lease lease) {}

  /** A lease's expiry moved. */
  default void renewed(Lease lease) {}

  /** A lease was revoked and its credential no longer works. */
  default void revoked(Lease lease, String reason) {}

  /** Revoking a lease failed; it is retried at {@link Lease#nextAttemptAt()}. */
  default void revokeFailed(Lease lease, String reason) {}
}
