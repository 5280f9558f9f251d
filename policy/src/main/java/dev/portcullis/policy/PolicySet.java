package dev.portcullis.policy;

import dev.portcullis.core.CanonicalJson;
import dev.portcullis.core.Decision.Effect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An immutable, compiled set of policy rules with its version.
 *
 * <p>Rules are indexed by tool: a rule whose {@code tools} are all exact names is filed under each
 * name; rules for every tool or with a wildcard go to a shared list that is merged into each
 * name's list. Each list is sorted deny first, then require_approval, then allow, each in load
 * order, so evaluation walks one list and the first rule that applies decides.
 */
public final class PolicySet {
  private static final Comparator<Rule> EVALUATION_ORDER =
      Comparator.comparingInt((Rule r) -> priority(r.effect())).thenComparingInt(Rule::ordinal);

  private final List<Rule> rules;
  private final Map<String, List<Rule>> byTool;
  private final List<Rule> anyTool;
  private final List<String> files;
  private final String version;

  PolicySet(List<Rule> rules, List<String> files) {
    this.rules = List.copyOf(rules);
    this.files = List.copyOf(files);
    var shared = new ArrayList<Rule>();
    var exact = new HashMap<String, List<Rule>>();
    for (Rule r : this.rules) {
      if (r.tools() == null || r.tools().stream().anyMatch(g -> !g.isLiteral())) {
        shared.add(r);
      } else {
        for (Glob g : r.tools()) exact.computeIfAbsent(g.pattern(), k -> new ArrayList<>()).add(r);
      }
    }
    shared.sort(EVALUATION_ORDER);
    this.anyTool = List.copyOf(shared);
    var merged = new HashMap<String, List<Rule>>();
    exact.forEach((tool, own) -> {
      var list = new ArrayList<>(new LinkedHashSet<>(own));
      list.addAll(shared);
      list.sort(EVALUATION_ORDER);
      merged.put(tool, List.copyOf(list));
    });
    this.byTool = Map.copyOf(merged);
    this.version = CanonicalJson.digest(this.rules.stream()
        .sorted(Comparator.comparing(Rule::id)).map(Rule::canonical).toList());
  }

  /** Loads and compiles policy files and directories of {@code *.yaml} / {@code *.yml} files. */
  public static PolicySet load(List<Path> sources) throws PolicyLoadException {
    var problems = new ArrayList<PolicyProblem>();
    var files = PolicyFiles.read(sources, problems);
    var compiled = PolicyCompiler.compile(files);
    problems.addAll(compiled.problems());
    if (!problems.isEmpty()) throw new PolicyLoadException(problems.stream().sorted().toList());
    return compiled.set();
  }

  /** Compiles one policy file given as text (tests, the admin API's dry runs). */
  public static PolicySet parse(String fileName, String yamlText) throws PolicyLoadException {
    var compiled = PolicyCompiler.compile(List.of(new PolicyFiles.Source(fileName, yamlText)));
    if (!compiled.problems().isEmpty()) throw new PolicyLoadException(compiled.problems());
    return compiled.set();
  }

  /**
   * The version of this set: {@code sha256:<hex>} over the canonical JSON of its rules sorted by
   * id. It changes with any rule's meaning and not with comments, formatting or file layout.
   */
  public String version() { return version; }

  /** The number of rules. */
  public int size() { return rules.size(); }

  /** The rule ids in load order. */
  public List<String> ruleIds() { return rules.stream().map(Rule::id).toList(); }

  /** The files the rules came from, in load order. */
  public List<String> files() { return files; }

  /** The rules that can concern a tool (or, for {@code null}, a call without a tool), in evaluation order. */
  List<Rule> candidates(String toolName) {
    if (toolName == null) return anyTool;
    return byTool.getOrDefault(toolName, anyTool);
  }

  private static int priority(Effect effect) {
    return switch (effect) {
      case DENY -> 0;
      case REQUIRE_APPROVAL -> 1;
      case ALLOW -> 2;
    };
  }
}
