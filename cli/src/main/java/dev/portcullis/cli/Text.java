package dev.portcullis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Text from the gateway made fit for a terminal, and small formatting helpers.
 *
 * <p>Much of what the CLI prints (tool descriptions, reasons, labels) comes from outside: an
 * upstream could hide instructions behind terminal escape sequences or bidirectional overrides.
 * {@link #safe} shows every such character as a visible {@code \}{@code uXXXX} escape instead.
 */
final class Text {
  private Text() {}

  /** {@code value} with control, bidirectional-override and line-separator characters escaped. */
  static String safe(String value) { return escape(value, false); }

  /** As {@link #safe}, but keeping line feeds (for multi-line blocks). */
  static String safeLines(String value) { return escape(value, true); }

  private static String escape(String value, boolean keepNewlines) {
    if (value == null) return "";
    var out = new StringBuilder(value.length());
    value.codePoints().forEach(c -> {
      if (c == '\n' && keepNewlines) {
        out.append('\n');
      } else if (c == '\t' && keepNewlines) {
        out.append("    ");
      } else if (unsafe(c)) {
        out.append(String.format("\\u%04X", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  private static boolean unsafe(int c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x200b && c <= 0x200f)   // zero-width characters and direction marks
        || (c >= 0x2028 && c <= 0x202e)   // line/paragraph separators, bidirectional embeddings and overrides
        || (c >= 0x2066 && c <= 0x2069)   // bidirectional isolates
        || c == 0xfeff;
  }

  /** The text of a field: a string as it is, any other JSON value as JSON, "-" when absent. */
  static String field(JsonNode node, String name) { return value(node.path(name)); }

  /** A JSON value as one safe line: a string as it is, any other value as JSON, "-" when absent. */
  static String value(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) return "-";
    return safe(value.isValueNode() ? value.asText() : value.toString());
  }

  /** A JSON value as safe, possibly multi-line text: strings as they are, other values pretty-printed. */
  static String block(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) return "(absent)";
    if (value.isTextual()) return safeLines(value.asText());
    try {
      return safeLines(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      return safe(value.toString());
    }
  }

  /** A JSON object of strings as {@code k=v,k=v}, "-" when empty or absent. */
  static String labels(JsonNode labels) {
    if (labels == null || !labels.isObject() || labels.isEmpty()) return "-";
    var parts = new ArrayList<String>();
    labels.properties().forEach(e -> parts.add(safe(e.getKey()) + "=" + value(e.getValue())));
    return String.join(",", parts);
  }

  /** {@code text} broken into lines of at most {@code width} characters at spaces, keeping its own line breaks. */
  static List<String> wrap(String text, int width) {
    var lines = new ArrayList<String>();
    for (String paragraph : text.split("\n", -1)) {
      String rest = paragraph;
      while (rest.length() > width) {
        int cut = rest.lastIndexOf(' ', width);
        if (cut <= 0) cut = width;
        lines.add(rest.substring(0, cut).stripTrailing());
        rest = rest.substring(cut).stripLeading();
      }
      lines.add(rest);
    }
    return lines;
  }
}
