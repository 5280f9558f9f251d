package dev.portcullis.policy;

import dev.cel.runtime.CelRuntime;
import dev.portcullis.core.Decision.Effect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One compiled rule.
 *
 * @param id          unique id across the policy set
 * @param ordinal     position in load order (files by name, rules in file order); breaks ties
 * @param effect      what the rule does when it applies
 * @param description a sentence for explanations and audit
 * @param tools       tool-name globs, or {@code null} for every tool
 * @param agents      agent-id globs, or {@code null} for every agent
 * @param methods     the JSON-RPC methods the rule governs
 * @param when        the CEL condition text, or {@code null}
 * @param condition   the compiled condition, or {@code null}
 * @param file        the file the rule came from
 * @param line        the 1-based line of the rule in its file
 */
record Rule(String id, int ordinal, Effect effect, String description, List<Glob> tools, List<Glob> agents,
            Set<String> methods, String when, CelRuntime.Program condition, String file, int line) {

  /** Whether the method, tool and agent fall within this rule's targets. */
  boolean targets(String method, String toolName, String agentId) {
    return methods.contains(method) && targetsTool(toolName) && matchesAny(agents, agentId);
  }

  /** Whether the tool falls within this rule's tool globs ({@code null} tool: only rules for every tool). */
  boolean targetsTool(String toolName) { return matchesAny(tools, toolName); }

  /** Whether the agent falls within this rule's agent globs. */
  boolean targetsAgent(String agentId) { return matchesAny(agents, agentId); }

  private static boolean matchesAny(List<Glob> globs, String name) {
    if (globs == null) return true;
    if (name == null) return false;
    for (int i = 0; i < globs.size(); i++) {
      if (globs.get(i).matches(name)) return true;
    }
    return false;
  }

  /** The rule as plain values, for the policy version digest; independent of file layout and comments. */
  Map<String, Object> canonical() {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", id);
    m.put("effect", effect.name());
    m.put("description", description);
    m.put("tools", tools == null ? null : tools.stream().map(Glob::pattern).toList());
    m.put("agents", agents == null ? null : agents.stream().map(Glob::pattern).toList());
    m.put("methods", methods.stream().sorted().toList());
    m.put("when", when);
    return m;
  }

  /** {@code 'id' (description)}, how explanations name a rule. */
  String label() { return description.isEmpty() ? "rule '" + id + "'" : "rule '" + id + "' (" + description + ")"; }
}
