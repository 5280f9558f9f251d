package dev.portcullis.policy;

import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * Compiles policy files into a {@link PolicySet}: parses each file, checks ids are unique across
 * files, and type-checks every condition. Every problem of every file is collected; a set is
 * produced only when there are none.
 */
final class PolicyCompiler {
  private PolicyCompiler() {}

  /** A compiled set, or the problems that prevented it (then {@code set} is {@code null}). */
  record Compiled(PolicySet set, List<PolicyProblem> problems) {}

  static Compiled compile(List<PolicyFiles.Source> sources) {
    var problems = new ArrayList<PolicyProblem>();
    var rules = new ArrayList<Rule>();
    var firstDefined = new HashMap<String, String>();
    var files = new ArrayList<String>();
    for (PolicyFiles.Source source : sources) {
      files.add(source.name());
      String[] lines = null;
      for (PolicyParser.RuleSpec spec : PolicyParser.parse(source.name(), source.text(), problems)) {
        String here = source.name() + ":" + spec.line() + ":" + spec.column();
        String first = spec.id() == null ? null : firstDefined.putIfAbsent(spec.id(), here);
        boolean ok = spec.valid();
        if (first != null) {
          problems.add(new PolicyProblem(source.name(), spec.line(), spec.column(),
              "duplicate rule id '" + spec.id() + "'; first defined at " + first));
          ok = false;
        }
        CelRuntime.Program program = null;
        if (spec.when() != null) {
          var compiled = CelConditions.compile(spec.when().getValue());
          if (!compiled.issues().isEmpty()) {
            if (lines == null) lines = source.text().split("\r\n|\n|\r", -1);
            for (CelConditions.Issue issue : compiled.issues()) {
              var at = ConditionPosition.locate(spec.when(), lines, issue.line(), issue.column());
              problems.add(new PolicyProblem(source.name(), at.line(), at.column(),
                  "condition" + (spec.id() == null ? "" : " of rule '" + spec.id() + "'") + ": " + issue.message()));
            }
            ok = false;
          }
          program = compiled.program();
        }
        if (ok) rules.add(rule(spec, rules.size(), program, source.name()));
      }
    }
    if (!problems.isEmpty()) return new Compiled(null, problems.stream().sorted().toList());
    return new Compiled(new PolicySet(rules, files), List.of());
  }

  private static Rule rule(PolicyParser.RuleSpec spec, int ordinal, CelRuntime.Program program, String file) {
    return new Rule(spec.id(), ordinal, spec.effect(), spec.description(), globs(spec.tools()), globs(spec.agents()),
        Set.copyOf(spec.methods()), spec.when() == null ? null : spec.when().getValue(), program, file, spec.line());
  }

  private static List<Glob> globs(List<String> patterns) {
    return patterns == null ? null : patterns.stream().distinct().map(Glob::of).toList();
  }
}
