package dev.portcullis.policy;

import java.util.Objects;

/**
 * One problem found while loading policy files: where it is and what is wrong.
 *
 * @param file    the file as it was named to the loader
 * @param line    the 1-based line
 * @param column  the 1-based column
 * @param message what is wrong, naming the offending value
 */
public record PolicyProblem(String file, int line, int column, String message) implements Comparable<PolicyProblem> {
  public PolicyProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** Orders problems by file, then position, so reports read top to bottom. */
  @Override
  public int compareTo(PolicyProblem other) {
    int c = file.compareTo(other.file);
    if (c == 0) c = Integer.compare(line, other.line);
    if (c == 0) c = Integer.compare(column, other.column);
    return c;
  }

  /** {@code file:line:column: message}, the form compilers and editors understand. */
  @Override
  public String toString() { return file + ":" + line + ":" + column + ": " + message; }
}
