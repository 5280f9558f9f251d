package dev.portcullis.policy;

/**
 * A name pattern where {@code *} matches any run of characters (dots included) and every other
 * character matches itself. Matching allocates nothing.
 */
final class Glob {
  private final String pattern;
  private final String[] parts;

  private Glob(String pattern) {
    this.pattern = pattern;
    this.parts = pattern.split("\\*", -1);
  }

  /** A glob for a pattern. */
  static Glob of(String pattern) { return new Glob(pattern); }

  /** Whether the pattern contains a wildcard. */
  boolean isLiteral() { return parts.length == 1; }

  /** The pattern text. */
  String pattern() { return pattern; }

  /** Whether the whole of {@code name} matches. */
  boolean matches(String name) {
    if (parts.length == 1) return pattern.equals(name);
    String first = parts[0];
    String last = parts[parts.length - 1];
    if (name.length() < first.length() + last.length()) return false;
    if (!name.startsWith(first) || !name.endsWith(last)) return false;
    int from = first.length();
    int end = name.length() - last.length();
    for (int i = 1; i < parts.length - 1; i++) {
      String part = parts[i];
      if (part.isEmpty()) continue;
      int at = name.indexOf(part, from);
      if (at < 0 || at + part.length() > end) return false;
      from = at + part.length();
    }
    return true;
  }

  @Override
  public String toString() { return pattern; }
}
