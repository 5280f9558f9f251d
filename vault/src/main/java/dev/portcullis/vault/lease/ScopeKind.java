package dev.portcullis.vault.lease;

import dev.portcullis.vault.LeaseScope;

/** A part of a {@link LeaseScope} that leases can be revoked by. */
public enum ScopeKind {
  /** The user the agents act for. */
  USER,
  /** Any agent of the chain: revoking a parent also revokes the leases of its sub-agents. */
  AGENT,
  /** The task. */
  TASK,
  /** The delegation's transaction. */
  TXN;

  /** Whether a lease with this scope belongs to {@code value}. */
  boolean matches(LeaseScope scope, String value) {
    return switch (this) {
      case USER -> value.equals(scope.user());
      case AGENT -> scope.agents().contains(value);
      case TASK -> value.equals(scope.task());
      case TXN -> value.equals(scope.txn());
    };
  }
}
