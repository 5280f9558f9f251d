package dev.portcullis.connect.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL text read the way PostgreSQL's lexer reads it, far enough to find what matters here: the
 * named parameters ({@code :name}) of a configured query, which become JDBC placeholders, and
 * whether the text holds more than one statement.
 *
 * <p>String literals ({@code '...'}, {@code E'...'} with backslash escapes), quoted identifiers,
 * dollar-quoted strings and comments (nested block comments too) are skipped, so a colon or a
 * semicolon inside them means nothing; {@code ::} is a cast, not a parameter. A text whose literal or
 * comment never ends is refused rather than guessed at.
 *
 * @param jdbcSql        the text with every named parameter replaced by {@code ?}
 * @param parameters     the parameter names in the order of the placeholders (a name used twice appears twice)
 * @param statements     how many statements the text holds (a trailing semicolon does not start one)
 * @param questionMarks  whether a bare {@code ?} occurs outside literals (the driver would take it for a placeholder)
 */
record SqlText(String jdbcSql, List<String> parameters, int statements, boolean questionMarks) {

  /**
   * Reads {@code sql}.
   *
   * @throws IllegalArgumentException when a literal, quoted identifier or comment is not closed
   */
  static SqlText parse(String sql) {
    var out = new StringBuilder(sql.length());
    var names = new ArrayList<String>();
    int statements = 0;
    boolean inStatement = false;
    boolean questionMarks = false;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'') {
        boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
            && (i < 2 || !identifierPart(sql.charAt(i - 2)));
        end = endOfQuoted(sql, i, '\'', escapes);
      } else if (c == '"') {
        end = endOfQuoted(sql, i, '"', false);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        end = nl < 0 ? n : nl;
        out.append(sql, i, end);
        i = end;
        continue;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        end = endOfBlockComment(sql, i);
        out.append(sql, i, end);
        i = end;
        continue;
      } else if (c == '$' && (i == 0 || !identifierPart(sql.charAt(i - 1))) && dollarTagEnd(sql, i) > 0) {
        int tagEnd = dollarTagEnd(sql, i);
        String tag = sql.substring(i, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        if (close < 0) throw new IllegalArgumentException("dollar-quoted string " + tag + " is not closed");
        end = close + tag.length();
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        out.append("::");
        i += 2;
        inStatement = true;
        continue;
      } else if (c == ':' && i + 1 < n && identifierStart(sql.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && identifierPart(sql.charAt(j)) && sql.charAt(j) != '$') j++;
        names.add(sql.substring(i + 1, j));
        out.append('?');
        i = j;
        inStatement = true;
        continue;
      } else {
        if (c == ';') {
          if (inStatement) statements++;
          inStatement = false;
        } else if (!Character.isWhitespace(c)) {
          inStatement = true;
          if (c == '?') questionMarks = true;
        }
        out.append(c);
        i++;
        continue;
      }
      out.append(sql, i, end);
      i = end;
      inStatement = true;
    }
    if (inStatement) statements++;
    return new SqlText(out.toString(), List.copyOf(names), statements, questionMarks);
  }

  private static int endOfQuoted(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) i += 2;
        else return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException((quote == '"' ? "quoted identifier" : "string literal")
        + " starting at position " + (start + 1) + " is not closed");
  }

  private static int endOfBlockComment(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i + 1 < sql.length()) {
      if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) return i;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("comment starting at position " + (start + 1) + " is not closed");
  }

  /** The end of a dollar-quote opening tag at {@code start} ({@code $$} or {@code $tag$}), or -1. */
  private static int dollarTagEnd(String sql, int start) {
    int i = start + 1;
    if (i < sql.length() && sql.charAt(i) == '$') return i + 1;
    if (i >= sql.length() || !identifierStart(sql.charAt(i))) return -1;
    while (i < sql.length() && identifierPart(sql.charAt(i)) && sql.charAt(i) != '$') i++;
    return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : -1;
  }

  private static boolean identifierStart(char c) { return Character.isLetter(c) || c == '_'; }

  private static boolean identifierPart(char c) { return Character.isLetterOrDigit(c) || c == '_' || c == '$'; }
}
