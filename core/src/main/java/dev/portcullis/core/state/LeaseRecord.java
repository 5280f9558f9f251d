package dev.portcullis.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A lease as the store keeps it: who it was issued for, when it ends, and (encrypted, bound to the
 * lease id) what its backend needs to revoke it and the credential itself.
 *
 * @param id             {@code <backend>/<random>}
 * @param backend        the credential backend that minted it
 * @param user           the user of the scope, or {@code null}
 * @param agents         the agent chain of the scope, root first
 * @param task           the task of the scope
 * @param txn            the transaction of the scope, or {@code null}
 * @param issuedAt       when it was issued
 * @param expiresAt      when it is revoked unless renewed
 * @param maxExpiresAt   the latest a renewal can move {@code expiresAt} to
 * @param state          where it is in its life
 * @param sealed         encrypted revocation data and credential, or {@code null} while pending
 * @param revokeAttempts how many revocations have failed so far
 * @param nextAttemptAt  when a failed revocation is tried again, or {@code null}
 * @param lastError      why the last revocation failed (never a secret), or {@code null}
 */
public record LeaseRecord(String id, String backend, String user, List<String> agents, String task, String txn,
                          Instant issuedAt, Instant expiresAt, Instant maxExpiresAt, State state, byte[] sealed,
                          int revokeAttempts, Instant nextAttemptAt, String lastError) {
  public LeaseRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(backend, "backend");
    agents = List.copyOf(agents);
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(maxExpiresAt, "maxExpiresAt");
    Objects.requireNonNull(state, "state");
  }

  /** Where a lease is in its life. Revoked leases are deleted, so there is no state for them. */
  public enum State {
    /** Recorded before the backend was asked to mint: a crash here leaves something to revoke. */
    PENDING,
    /** Minted and in use. */
    ACTIVE,
    /** A revocation failed; it is retried with backoff until it succeeds. */
    REVOKE_FAILED
  }

  /** This record with another state, sealed data and retry bookkeeping. */
  public LeaseRecord with(State newState, byte[] newSealed, int attempts, Instant nextAttempt, String error) {
    return new LeaseRecord(id, backend, user, agents, task, txn, issuedAt, expiresAt, maxExpiresAt, newState,
        newSealed, attempts, nextAttempt, error);
  }

  /** This record with another expiry. */
  public LeaseRecord withExpiresAt(Instant newExpiresAt) {
    return new LeaseRecord(id, backend, user, agents, task, txn, issuedAt, newExpiresAt, maxExpiresAt, state,
        sealed, revokeAttempts, nextAttemptAt, lastError);
  }

  @Override
  public String toString() {
    return "LeaseRecord[id=" + id + ", backend=" + backend + ", task=" + task + ", state=" + state
        + ", expiresAt=" + expiresAt + "]";
  }
}
