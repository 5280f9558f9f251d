package dev.portcullis.server.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file, at a place in it.
 *
 * @param file    the file's name as given to the binder
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when the problem concerns the whole file
 * @param message what is wrong, never a secret value
 */
public record ConfigProblem(String file, int line, int column, String message) {
  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:column: message}, or {@code file: message} for the whole file. */
  @Override
  public String toString() {
    return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
  }
}
