package dev.portcullis.oversight;

import java.util.regex.Pattern;

/** A name pattern where {@code *} matches any run of characters; {@code null} matches everything. */
final class Glob {
  private final Pattern pattern;

  private Glob(Pattern pattern) { this.pattern = pattern; }

  /** The compiled glob. */
  static Glob of(String glob) {
    if (glob == null || glob.equals("*")) return new Glob(null);
    var regex = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (!regex.isEmpty()) regex.append(".*");
      regex.append(Pattern.quote(part));
    }
    return new Glob(Pattern.compile(regex.toString()));
  }

  /** Whether the name matches; a {@code null} name matches only the match-all glob. */
  boolean matches(String name) {
    if (pattern == null) return true;
    return name != null && pattern.matcher(name).matches();
  }
}
