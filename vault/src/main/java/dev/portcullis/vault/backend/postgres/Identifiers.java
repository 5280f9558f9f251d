package dev.portcullis.vault.backend.postgres;

/** Quoting of PostgreSQL identifiers and literals for the statements that cannot take bind parameters. */
final class Identifiers {
  private Identifiers() {}

  /** Whether {@code name} can be a role name: 1 to 63 characters, no NUL, no control characters. */
  static boolean valid(String name) {
    if (name == null || name.isEmpty() || name.length() > 63) return false;
    return name.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  /** {@code name} as a quoted identifier: double quotes around it, inner double quotes doubled. */
  static String quote(String name) {
    if (!valid(name)) throw new IllegalArgumentException("not a valid identifier");
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
