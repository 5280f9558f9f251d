package dev.portcullis.vault.backend.postgres;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the operator's grant clauses before they are turned into {@code GRANT <clause> TO <role>}.
 *
 * <p>A clause comes from configuration, yet it ends up inside SQL the admin role runs, so it is held
 * to a small language: words (privileges, object kinds, unquoted names, optionally schema-qualified),
 * commas, and parentheses for column lists, with {@code ON} in it. Quotes, semicolons, comments,
 * operators and the words that would change who receives the privilege or who may pass it on
 * ({@code TO}, {@code FROM}, {@code WITH}, {@code GRANTED}) are refused, so a clause can neither end the
 * statement nor grant to anyone but the minted role. Names that need quoting are not supported.
 */
final class GrantClause {
  private static final Pattern TOKEN = Pattern.compile("\\s*(?:([A-Za-z_][A-Za-z0-9_$]*)|([,.()]))");
  private static final Set<String> FORBIDDEN = Set.of("TO", "FROM", "WITH", "GRANTED", "GRANT", "REVOKE");

  private GrantClause() {}

  /** What is wrong with {@code clause}, or {@code null} when it may be used. */
  static String problem(String clause) {
    if (clause == null || clause.isBlank()) return "is empty";
    Matcher m = TOKEN.matcher(clause);
    int at = 0;
    boolean on = false;
    while (at < clause.length()) {
      if (clause.substring(at).isBlank()) break;
      if (!m.find(at) || m.start() != at) {
        return "only unquoted names, commas, dots and parentheses are allowed (at position " + (at + 1) + ")";
      }
      String word = m.group(1);
      if (word != null) {
        String upper = word.toUpperCase(Locale.ROOT);
        if (FORBIDDEN.contains(upper)) return "may not contain " + upper + " (the role it is granted to is added)";
        if (upper.equals("ON")) on = true;
      }
      at = m.end();
    }
    return on ? null : "must name what the privilege is ON";
  }
}
