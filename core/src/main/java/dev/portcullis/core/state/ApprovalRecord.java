package dev.portcullis.core.state;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A call held for a human. The approval is bound to the exact call: agent, tool, digest of the
 * arguments and the policy version that asked for it. It is used at most once.
 *
 * @param id            approval id
 * @param exchangeId    the held exchange
 * @param agentId       the caller
 * @param tool          the namespaced tool
 * @param argsDigest    SHA-256 of the canonical arguments
 * @param arguments     the arguments, shown to the approver (kept in the store, never in the audit log)
 * @param policyVersion the policy set that required approval
 * @param rule          the rule that required it
 * @param reason        the rule's explanation
 * @param status        see {@link Status}
 * @param createdAt     when the call was held
 * @param expiresAt     when an undecided request is denied
 * @param decidedBy     who decided, or {@code null}
 * @param decidedAt     when, or {@code null}
 * @param comment       the approver's comment, or {@code null}
 */
public record ApprovalRecord(String id, String exchangeId, String agentId, String tool, String argsDigest,
                             Map<String, Object> arguments, String policyVersion, String rule, String reason,
                             Status status, Instant createdAt, Instant expiresAt, String decidedBy, Instant decidedAt,
                             String comment) {
  public ApprovalRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
  }

  /** The life of an approval request. */
  public enum Status { PENDING, APPROVED, DENIED, EXPIRED, CONSUMED }
}
