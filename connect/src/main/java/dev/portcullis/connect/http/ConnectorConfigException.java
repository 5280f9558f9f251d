package dev.portcullis.connect.http;

import java.util.List;

/**
 * A connector configuration or API description that cannot be used. It carries every problem found,
 * not only the first, so an operator fixes them in one go.
 */
public final class ConnectorConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The problems, each a sentence naming the tool, operation or field at fault. */
  private final List<String> problems;

  /** An exception listing {@code problems} (at least one). */
  public ConnectorConfigException(List<String> problems) {
    super(String.join("; ", problems));
    if (problems.isEmpty()) throw new IllegalArgumentException("a config exception needs at least one problem");
    this.problems = List.copyOf(problems);
  }

  /** An exception with one problem. */
  public ConnectorConfigException(String problem) { this(List.of(problem)); }

  /** The problems, in the order found. */
  public List<String> problems() { return problems; }
}
