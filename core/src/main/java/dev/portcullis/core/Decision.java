package dev.portcullis.core;

import java.util.Objects;

/**
 * A policy decision with its explanation.
 *
 * @param effect        allow, deny or require approval
 * @param rule          id of the deciding rule, or {@code null} when no rule matched (default deny)
 * @param reason        why, in words a human reading the audit log understands
 * @param policyVersion digest of the policy set that decided, so approvals and replays bind to it
 */
public record Decision(Effect effect, String rule, String reason, String policyVersion) {
  public Decision {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(policyVersion, "policyVersion");
  }

  /** What a decision lets happen. */
  public enum Effect { ALLOW, DENY, REQUIRE_APPROVAL }
}
