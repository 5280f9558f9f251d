package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import java.util.List;

/**
 * Who may act for whom: which agents a user may delegate to (when the user's token says nothing
 * about it with {@code may_act}), and which agents an agent may hand a narrowed delegation to.
 * Implementations answer from configuration or a directory; they must be fast and never throw
 * for an unknown agent or user (answer {@code false}).
 */
public interface DelegationRules {
  /** Whether {@code agentId} may act for {@code user}. */
  boolean mayActFor(UserIdentity user, String agentId);

  /**
   * Whether the holder of a delegation with this chain (outermost first: {@code chain.get(0)} is
   * the agent delegating now) may delegate to {@code childAgentId}.
   */
  boolean mayDelegate(List<Delegation.Actor> chain, String childAgentId);
}
