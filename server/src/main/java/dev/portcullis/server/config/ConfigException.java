package dev.portcullis.server.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration document could not be bound; carries every problem found in it, in document
 * order. The message lists them one per line.
 */
public final class ConfigException extends RuntimeException {
  private final transient List<ConfigProblem> problems;

  /** An exception for these problems (at least one). */
  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in document order. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
