package dev.portcullis.policy;

import java.util.List;

/**
 * Hears about policy reloads, for logs, metrics and the admin API. Implementations must be cheap
 * and must not throw; an exception thrown here is ignored.
 */
public interface PolicyListener {

  /** A listener that does nothing. */
  PolicyListener NONE = new PolicyListener() {};

  /** A new policy set is in force. */
  default void reloaded(String oldVersion, String newVersion, int rules) {}

  /** A reload was refused; the policy set {@code keptVersion} stays in force. */
  default void reloadFailed(String keptVersion, List<PolicyProblem> problems) {}
}
