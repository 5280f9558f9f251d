package dev.portcullis.policy;

import java.util.List;

/** Policy files that could not be loaded; the message lists every problem found, one per line. */
public final class PolicyLoadException extends Exception {
  private final transient List<PolicyProblem> problems;

  /** An exception for these problems (at least one). */
  public PolicyLoadException(List<PolicyProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file and position order. */
  public List<PolicyProblem> problems() { return problems; }

  private static String message(List<PolicyProblem> problems) {
    var sb = new StringBuilder("policy could not be loaded (").append(problems.size())
        .append(problems.size() == 1 ? " problem):" : " problems):");
    for (PolicyProblem p : problems) sb.append("\n  ").append(p);
    return sb.toString();
  }
}
