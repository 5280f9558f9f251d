package dev.portcullis.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A revocation: from {@code revokedAt} on, every token whose delegation involves the target is
 * refused, and so is everything derived from it (sub-agent tokens, leases).
 *
 * @param kind      what is revoked
 * @param target    the agent id, instance subject ({@code spiffe://...}), user ({@code <issuer>#<sub>}),
 *                  task id, transaction id or token id
 * @param reason    why, as given by whoever revoked it
 * @param revokedBy who revoked it
 * @param revokedAt when
 */
public record RevocationRecord(Kind kind, String target, String reason, String revokedBy, Instant revokedAt) {
  public RevocationRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }

  /** What a revocation applies to. */
  public enum Kind { AGENT, INSTANCE, USER, TASK, TXN, TOKEN }
}
