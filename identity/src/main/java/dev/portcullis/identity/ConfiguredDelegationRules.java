package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Delegation rules from configuration: for each agent, the users it may act for (user keys
 * {@code <issuer>#<subject>}, or {@value #ANY_USER} for every user the identity provider vouches
 * for), and the agents it may delegate to. Whatever is not listed is refused.
 *
 * <p>Every invalid entry is reported at once, in one {@link IllegalArgumentException}.
 */
public final class ConfiguredDelegationRules implements DelegationRules {
  /** Stands for every user in the users an agent may act for. */
  public static final String ANY_USER = "*";

  private final Map<String, Set<String>> usersByAgent;
  private final Map<String, Set<String>> childrenByAgent;

  /**
   * Rules from two maps.
   *
   * @param usersByAgent    agent id → user keys it may act for, or {@value #ANY_USER}
   * @param childrenByAgent agent id → agent ids it may delegate to
   */
  public ConfiguredDelegationRules(Map<String, Set<String>> usersByAgent, Map<String, Set<String>> childrenByAgent) {
    var errors = new ArrayList<String>();
    new TreeMap<>(usersByAgent).forEach((agent, users) -> {
      checkAgent(agent, "usersByAgent", errors);
      if (users == null || users.isEmpty()) errors.add("usersByAgent: agent '" + agent + "' lists no users");
      else users.forEach(user -> {
        if (user == null || user.isBlank() || (!ANY_USER.equals(user) && !user.contains("#"))) {
          errors.add("usersByAgent: agent '" + agent + "' lists a user that is not '*' or <issuer>#<subject>");
        }
      });
    });
    new TreeMap<>(childrenByAgent).forEach((agent, children) -> {
      checkAgent(agent, "childrenByAgent", errors);
      if (children == null || children.isEmpty()) errors.add("childrenByAgent: agent '" + agent + "' lists no agents");
      else children.forEach(child -> {
        checkAgent(child, "childrenByAgent of '" + agent + "'", errors);
        if (agent.equals(child)) errors.add("childrenByAgent: agent '" + agent + "' cannot delegate to itself");
      });
    });
    if (!errors.isEmpty()) throw new IllegalArgumentException("invalid delegation rules: " + String.join("; ", errors));
    this.usersByAgent = deepCopy(usersByAgent);
    this.childrenByAgent = deepCopy(childrenByAgent);
  }

  private static Map<String, Set<String>> deepCopy(Map<String, Set<String>> map) {
    var copy = new TreeMap<String, Set<String>>();
    map.forEach((key, values) -> copy.put(key, Set.copyOf(values)));
    return Map.copyOf(copy);
  }

  @Override
  public boolean mayActFor(UserIdentity user, String agentId) {
    Set<String> users = usersByAgent.get(agentId);
    return users != null && (users.contains(ANY_USER) || users.contains(user.key()));
  }

  @Override
  public boolean mayDelegate(List<Delegation.Actor> chain, String childAgentId) {
    if (chain.isEmpty()) return false;
    Set<String> children = childrenByAgent.get(chain.getFirst().agentId());
    return children != null && children.contains(childAgentId);
  }

  private static void checkAgent(String agent, String where, List<String> errors) {
    if (!AgentSubject.isAgentId(agent)) errors.add(where + ": '" + agent + "' is not an agent id");
  }
}
