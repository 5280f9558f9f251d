package dev.portcullis.firewall;

import java.util.List;

/** The firewall could not be built from its settings; every problem found is listed, not just the first. */
public final class FirewallConfigException extends Exception {
  private final List<String> problems;

  /** An exception listing problems. */
  public FirewallConfigException(List<String> problems) {
    super("firewall settings are not usable:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, one line each. */
  public List<String> problems() { return problems; }
}
