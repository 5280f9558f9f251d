package dev.portcullis.vault;

import java.util.List;
import java.util.Objects;

/**
 * Whom a credential is checked out for: the parts of a call that leases can be revoked by. A lease
 * belongs to one backend and one task; revoking the user, any agent in the chain, the task or the
 * transaction revokes it.
 *
 * @param user   the user the agents act for ({@code <issuer>#<subject>}), or {@code null} without a delegation
 * @param agents the agent ids of the chain, root first, the caller last; never empty
 * @param task   the task the credential serves (the grant's task, or the transaction or the session when there is no grant)
 * @param txn    the transaction id of the delegation, or {@code null}
 */
public record LeaseScope(String user, List<String> agents, String task, String txn) {
  public LeaseScope {
    agents = List.copyOf(agents);
    if (agents.isEmpty()) throw new IllegalArgumentException("a lease scope names at least one agent");
    Objects.requireNonNull(task, "task");
  }

  /** The calling agent (the last of the chain). */
  public String caller() { return agents.getLast(); }
}
