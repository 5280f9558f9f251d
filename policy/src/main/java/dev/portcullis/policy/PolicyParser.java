package dev.portcullis.policy;

import dev.portcullis.core.Decision.Effect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads one policy file into rule specifications, strictly: unknown keys, wrong types, missing or
 * malformed values are problems with file, line and column. Parsing goes on after a problem so
 * that one load reports every problem in the file.
 */
final class PolicyParser {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Set<String> TOP_KEYS = Set.of("rules");
  private static final List<String> RULE_KEYS = List.of("id", "effect", "description", "tools", "agents", "methods", "when");
  private static final List<String> DEFAULT_METHODS = List.of("tools/call");

  private final String file;
  private final List<PolicyProblem> problems;

  private PolicyParser(String file, List<PolicyProblem> problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * A rule as written, before its condition is compiled.
   *
   * @param id    the id, or {@code null} when missing or invalid
   * @param when  the {@code when} scalar (kept for the positions of CEL errors), or {@code null}
   * @param valid whether the rule had no problems; an invalid rule is still returned so that its
   *              condition is checked too and the load reports every problem at once
   */
  record RuleSpec(String id, Effect effect, String description, List<String> tools, List<String> agents,
                  List<String> methods, ScalarNode when, int line, int column, boolean valid) {}

  /** Parses {@code text}, adding every problem found to {@code problems}. */
  static List<RuleSpec> parse(String file, String text, List<PolicyProblem> problems) {
    return new PolicyParser(file, problems).parse(text);
  }

  private List<RuleSpec> parse(String text) {
    Optional<Node> root;
    try {
      var settings = LoadSettings.builder().setLabel(file).setMaxAliasesForCollections(50)
          .setAllowRecursiveKeys(false).build();
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      String what = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      problems.add(mark == null ? new PolicyProblem(file, 1, 1, "invalid YAML: " + what + context)
          : new PolicyProblem(file, mark.getLine() + 1, mark.getColumn() + 1, "invalid YAML: " + what + context));
      return List.of();
    } catch (YamlEngineException e) {
      problems.add(new PolicyProblem(file, 1, 1, "invalid YAML: " + e.getMessage()));
      return List.of();
    }
    if (root.isEmpty() || isNull(root.get())) return List.of();
    if (!(root.get() instanceof MappingNode top)) {
      problem(root.get(), "a policy file must be a mapping with the key 'rules'");
      return List.of();
    }
    var rules = new ArrayList<RuleSpec>();
    var seen = new HashSet<String>();
    for (NodeTuple t : top.getValue()) {
      String key = key(t.getKeyNode(), seen, TOP_KEYS);
      if (!"rules".equals(key)) continue;
      Node value = t.getValueNode();
      if (isNull(value)) continue;
      if (!(value instanceof SequenceNode list)) {
        problem(value, "'rules' must be a list of rules");
        continue;
      }
      for (Node item : list.getValue()) {
        RuleSpec spec = rule(item);
        if (spec != null) rules.add(spec);
      }
    }
    return rules;
  }

  private RuleSpec rule(Node node) {
    if (!(node instanceof MappingNode map)) {
      problem(node, "a rule must be a mapping with at least 'id' and 'effect'");
      return null;
    }
    int before = problems.size();
    var seen = new HashSet<String>();
    String id = null;
    Effect effect = null;
    String description = "";
    List<String> tools = null;
    List<String> agents = null;
    List<String> methods = DEFAULT_METHODS;
    ScalarNode when = null;
    for (NodeTuple t : map.getValue()) {
      String key = key(t.getKeyNode(), seen, RULE_KEYS);
      if (key == null) continue;
      Node value = t.getValueNode();
      switch (key) {
        case "id" -> id = id(value);
        case "effect" -> effect = effect(value);
        case "description" -> {
          String d = text(value, "description");
          if (d != null) description = d.strip();
        }
        case "tools" -> tools = names(value, "tools", true);
        case "agents" -> agents = names(value, "agents", true);
        case "methods" -> methods = names(value, "methods", false);
        case "when" -> when = condition(value);
        default -> throw new IllegalStateException("unhandled key " + key);
      }
    }
    if (!seen.contains("id")) problem(map, "rule has no 'id'");
    if (!seen.contains("effect")) problem(map, "rule " + (id == null ? "" : "'" + id + "' ") + "has no 'effect'");
    boolean valid = problems.size() == before && methods != null;
    Mark start = map.getStartMark().orElse(null);
    return new RuleSpec(id, effect, description, tools, agents, methods, when,
        start == null ? 1 : start.getLine() + 1, start == null ? 1 : start.getColumn() + 1, valid);
  }

  /** The key as a string, or {@code null} (with a problem) when it is not one of {@code allowed}. */
  private String key(Node node, Set<String> seen, Collection<String> allowed) {
    if (!(node instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
      problem(node, "keys must be strings; expected one of " + allowed);
      return null;
    }
    String key = s.getValue();
    if (!allowed.contains(key)) {
      problem(node, "unknown key '" + key + "'; expected one of " + allowed);
      return null;
    }
    if (!seen.add(key)) {
      problem(node, "duplicate key '" + key + "'");
      return null;
    }
    return key;
  }

  private String id(Node node) {
    String id = string(node, "id");
    if (id == null) return null;
    if (!ID.matcher(id).matches()) {
      problem(node, "rule id '" + id + "' is not valid; use lower-case letters, digits, '.', '_' and '-', "
          + "starting with a letter or digit");
      return null;
    }
    return id;
  }

  private Effect effect(Node node) {
    String effect = string(node, "effect");
    if (effect == null) return null;
    return switch (effect) {
      case "allow" -> Effect.ALLOW;
      case "deny" -> Effect.DENY;
      case "require_approval" -> Effect.REQUIRE_APPROVAL;
      default -> {
        problem(node, "effect '" + effect + "' is not one of allow, deny, require_approval");
        yield null;
      }
    };
  }

  /** A non-empty list of non-empty names; {@code globs} says whether {@code *} is allowed. */
  private List<String> names(Node node, String key, boolean globs) {
    if (!(node instanceof SequenceNode seq)) {
      problem(node, "'" + key + "' must be a list of strings, e.g. [\"a\", \"b\"]");
      return null;
    }
    if (seq.getValue().isEmpty()) {
      problem(node, "'" + key + "' is empty, so the rule could never apply; "
          + (globs ? "omit the key to target every " + key.substring(0, key.length() - 1)
                   : "omit the key to govern tools/call"));
      return null;
    }
    var out = new ArrayList<String>();
    for (Node item : seq.getValue()) {
      String name = string(item, key + " entry");
      if (name == null) continue;
      if (name.isBlank()) {
        problem(item, "'" + key + "' has an empty entry");
      } else if (!globs && name.contains("*")) {
        problem(item, "'" + key + "' entry '" + name + "' contains '*'; methods are exact names");
      } else {
        out.add(name);
      }
    }
    return out.size() == seq.getValue().size() ? List.copyOf(out) : null;
  }

  private ScalarNode condition(Node node) {
    if (!(node instanceof ScalarNode s) || isNull(node)) {
      problem(node, "'when' must be a CEL expression (a string)");
      return null;
    }
    if (s.getValue().isBlank()) {
      problem(node, "'when' is empty; omit it for a rule without a condition");
      return null;
    }
    return s;
  }

  /** A scalar tagged as a string. */
  private String string(Node node, String what) {
    if (node instanceof ScalarNode s && Tag.STR.equals(s.getTag())) return s.getValue();
    problem(node, what + " must be a string, not " + kind(node));
    return null;
  }

  /** Any scalar's text (a description may look like a number). */
  private String text(Node node, String what) {
    if (node instanceof ScalarNode s && !isNull(s)) return s.getValue();
    problem(node, what + " must be a string, not " + kind(node));
    return null;
  }

  private static boolean isNull(Node node) { return Tag.NULL.equals(node.getTag()); }

  private static String kind(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s when Tag.NULL.equals(s.getTag()) -> "null";
      case ScalarNode s when Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()) -> "a number";
      case ScalarNode s when Tag.BOOL.equals(s.getTag()) -> "a boolean";
      default -> "a " + node.getTag();
    };
  }

  private void problem(Node node, String message) {
    Mark m = node.getStartMark().orElse(null);
    problems.add(new PolicyProblem(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, message));
  }
}
