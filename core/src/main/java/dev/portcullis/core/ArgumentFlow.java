package dev.portcullis.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the arguments of a call came from, as far as the gateway can tell: for each argument (by
 * JSON path) the labels it inherited from earlier tool results it was copied from, such as
 * {@code untrusted} or {@code personal}. An argument with no labels matched nothing the agent was
 * shown, so it came from the user, the agent's own reasoning or a trusted source — except a link,
 * address or account number that appears after the session read untrusted content, which is
 * labelled {@value #UNTRACED_LINK}: the agent may have decoded it from the attacker's words.
 *
 * @param argumentLabels labels per argument path, only for arguments that inherited any
 */
public record ArgumentFlow(Map<String, Set<String>> argumentLabels) {
  /** The key under which the flow step leaves the call's argument flow for policy. */
  public static final Exchange.Key<ArgumentFlow> KEY = Exchange.Key.of("argument-flow", ArgumentFlow.class);
  /** The label of an argument that carries a link, address or account number copied from untrusted content. */
  public static final String UNTRUSTED_LINK = "untrusted-link";
  /**
   * The label of an argument that carries a link, address or account number that no tool showed the
   * session, in a session that had read untrusted content: where the agent got it cannot be traced,
   * and it may have decoded it from the attacker's words. It is also {@code untrusted}.
   */
  public static final String UNTRACED_LINK = "untraced-link";
  /**
   * The label of a number in a guarded argument of a consequential call that nothing accounts for,
   * in a session that had read untrusted content: not in the user's words, not attributed to a party
   * they named, not shown by a trusted source, and too short to be traced (an amount of 900). The
   * agent may have taken it from the attacker's words, spelled out or not. It is also
   * {@code untrusted}.
   */
  public static final String UNTRACED_NUMBER = "untraced-number";
  /** A call none of whose arguments inherited a label. */
  public static final ArgumentFlow CLEAN = new ArgumentFlow(Map.of());

  public ArgumentFlow {
    var copy = new java.util.TreeMap<String, Set<String>>();
    argumentLabels.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    argumentLabels = java.util.Collections.unmodifiableMap(copy);
  }

  /** The paths of arguments that carry the label {@code untrusted}, sorted. */
  public List<String> untrustedArguments() {
    return argumentLabels.entrySet().stream().filter(e -> e.getValue().contains("untrusted")).map(Map.Entry::getKey).toList();
  }

  /**
   * The paths of untrusted arguments that decide what a call of this tool does: those inside a
   * guarded argument ({@link ToolLabels#guards}), and any argument carrying {@value #UNTRUSTED_LINK}
   * or {@value #UNTRACED_LINK} (free text is content, but a link or account number in it sends its
   * reader somewhere the attacker may have chosen). Sorted.
   */
  public List<String> untrustedGuardedArguments(ToolLabels tool) {
    return argumentLabels.entrySet().stream()
        .filter(e -> e.getValue().contains("untrusted")
            && (tool.guards(e.getKey()) || e.getValue().contains(UNTRUSTED_LINK) || e.getValue().contains(UNTRACED_LINK)))
        .map(Map.Entry::getKey).toList();
  }

  /** Every label any argument carries, sorted. */
  public Set<String> labels() {
    var all = new TreeSet<String>();
    argumentLabels.values().forEach(all::addAll);
    return all;
  }
}
