package dev.portcullis.policy;

import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Maps a position inside a {@code when} expression to its position in the YAML file.
 *
 * <p>The expression is the scalar's value, which YAML may have folded, unindented or unescaped.
 * The mapping walks the scalar's source lines as the scalar style lays them out: block scalars
 * ({@code |}, {@code >}) start on the line after the indicator at the block's indentation; plain
 * and quoted scalars start at the mark (after the quote) and continue on stripped lines; each line
 * break of the source stands for one character of the value. Escapes in quoted scalars are
 * counted as one character. Blank lines inside folded scalars and explicit indentation indicators
 * can put the column off; the line stays right in the common cases.
 */
final class ConditionPosition {
  private ConditionPosition() {}

  /** A 1-based line and column in the file. */
  record Position(int line, int column) {}

  /**
   * Where an expression position lies in the file.
   *
   * @param when      the {@code when} scalar
   * @param lines     the file's lines
   * @param celLine   1-based line in the expression
   * @param celColumn 0-based column in that line
   */
  static Position locate(ScalarNode when, String[] lines, int celLine, int celColumn) {
    Mark start = when.getStartMark().orElse(null);
    if (start == null) return new Position(1, 1);
    int endLine = when.getEndMark().map(Mark::getLine).orElse(lines.length - 1);
    int offset = offset(when.getValue(), celLine, celColumn);
    ScalarStyle style = when.getScalarStyle();
    boolean block = style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED;
    int line = block ? start.getLine() + 1 : start.getLine();
    int indent = block ? blockIndent(lines, line, endLine) : 0;
    for (; line <= endLine && line < lines.length; line++) {
      String text = lines[line];
      int from;
      int to;
      if (block) {
        from = Math.min(indent, text.length());
        to = text.length();
      } else if (line == start.getLine()) {
        from = start.getColumn() + (style == ScalarStyle.PLAIN ? 0 : 1);
        to = stripEnd(text);
      } else {
        from = leading(text);
        to = stripEnd(text);
      }
      int raw = rawColumn(text, from, Math.max(from, to), offset, style);
      if (raw >= 0) return new Position(line + 1, raw + 1);
      offset -= valueLength(text, from, Math.max(from, to), style) + 1;
    }
    return new Position(start.getLine() + 1, start.getColumn() + 1);
  }

  /** The 0-based offset of a (1-based line, 0-based column) position in {@code text}. */
  static int offset(String text, int line, int column) {
    int at = 0;
    for (int l = 1; l < line && at < text.length(); l++) {
      int nl = text.indexOf('\n', at);
      if (nl < 0) break;
      at = nl + 1;
    }
    return at + Math.max(0, column);
  }

  /** The raw column of value offset {@code offset} within {@code text[from, to)}, or -1 when past the end. */
  private static int rawColumn(String text, int from, int to, int offset, ScalarStyle style) {
    int i = from;
    int v = 0;
    while (v < offset) {
      if (i >= to) return -1;
      i += escapeWidth(text, i, style);
      v++;
    }
    return Math.min(i, Math.max(from, to));
  }

  private static int valueLength(String text, int from, int to, ScalarStyle style) {
    int v = 0;
    for (int i = from; i < to; i += escapeWidth(text, i, style)) v++;
    return v;
  }

  private static int escapeWidth(String text, int i, ScalarStyle style) {
    if (style == ScalarStyle.SINGLE_QUOTED && text.startsWith("''", i)) return 2;
    if (style == ScalarStyle.DOUBLE_QUOTED && text.charAt(i) == '\\' && i + 1 < text.length()) return 2;
    return 1;
  }

  private static int blockIndent(String[] lines, int from, int endLine) {
    for (int l = from; l <= endLine && l < lines.length; l++) {
      if (!lines[l].isBlank()) return leading(lines[l]);
    }
    return 0;
  }

  private static int leading(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    return i;
  }

  private static int stripEnd(String s) {
    int i = s.length();
    while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) i--;
    return i;
  }
}
