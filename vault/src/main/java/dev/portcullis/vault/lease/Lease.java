package dev.portcullis.vault.lease;

import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.vault.LeaseScope;
import java.time.Instant;

/**
 * A credential lease as callers and listeners see it: whom it is for and when it ends, never the
 * credential.
 *
 * @param id             {@code <backend>/<random base32>}
 * @param backend        the credential backend that minted it
 * @param scope          whom it was issued for
 * @param issuedAt       when it was issued
 * @param expiresAt      when it is revoked unless renewed
 * @param maxExpiresAt   the latest a renewal can reach
 * @param state          where it is in its life
 * @param revokeAttempts how many revocations have failed
 * @param nextAttemptAt  when a failed revocation is retried, or {@code null}
 * @param lastError      why the last revocation failed, or {@code null}
 */
public record Lease(String id, String backend, LeaseScope scope, Instant issuedAt, Instant expiresAt,
                    Instant maxExpiresAt, LeaseRecord.State state, int revokeAttempts, Instant nextAttemptAt,
                    String lastError) {

  static Lease of(LeaseRecord record) {
    return new Lease(record.id(), record.backend(),
        new LeaseScope(record.user(), record.agents(), record.task(), record.txn()), record.issuedAt(),
        record.expiresAt(), record.maxExpiresAt(), record.state(), record.revokeAttempts(), record.nextAttemptAt(),
        record.lastError());
  }
}
