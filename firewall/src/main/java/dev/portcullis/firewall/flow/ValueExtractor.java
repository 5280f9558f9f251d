package dev.portcullis.firewall.flow;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the values an agent could copy from a tool result into a later argument, in the normal
 * form of {@link Normalisation}. The same extraction runs on argument values, so a value matches
 * when it was copied whole or when a recognisable part of it was.
 *
 * <p>From a string: the whole string when it is short (up to {@value #MAX_WHOLE} characters) and
 * its letters-and-digits form when it has digits; the candidate tokens inside it
 * ({@link TextTokens}: account numbers, e-mail addresses, URLs and hosts, domains, phone-like digit
 * groups, numbers, identifiers, quoted strings); and every run of {@value #SHINGLE} consecutive
 * words. One shingle size is enough: any copied phrase of at least that many words contains one of
 * the result's shingles. From a number: its canonical decimal form. Booleans and nulls carry
 * nothing. Trivial values ({@link Normalisation#trivial}) are never emitted.
 *
 * <p>From a tool result ({@link #result}): every value of the result object, walking nested
 * objects and lists — MCP {@code content} items (their {@code text}, a resource's text, a link's
 * name and URI), {@code structuredContent}, and any other member. Base64 payloads of images, audio
 * and blobs and the {@code type}/{@code mimeType} of content items are skipped. JSON carried inside
 * a text item is covered by the token rules: its strings are quoted, its numbers are numbers.
 *
 * <p>Extraction stops as soon as the sink refuses a value (its budget is spent); the methods then
 * return false so that the caller can record that it saw only part of the content.
 */
final class ValueExtractor {
  /** Receives extracted values; returns false to stop the extraction. */
  @FunctionalInterface
  interface Sink {
    /** A value; false to stop the extraction. */
    boolean accept(String value);

    /**
     * A shingle: the words of {@code text} at {@code bounds} (start, end, start, end, ...: one pair
     * per word) joined by single spaces; {@code ascii} is the text as bytes when it is all ASCII,
     * else null ({@link Normalisation.Text}). A shingle is never trivial and, having spaces, never a
     * link. A sink that fingerprints values overrides this to hash the words where they are; the
     * default joins them and passes the string to {@link #accept}.
     */
    default boolean acceptShingle(String text, byte[] ascii, int[] bounds) { return accept(Shingles.join(text, bounds)); }
  }

  static final int MAX_WHOLE = 256;
  static final int SHINGLE = 4;
  static final int MIN_SHINGLE_LENGTH = 12;
  static final int MAX_DEPTH = 64;
  private static final int MIN_COMPACT = 6;
  private static final Set<String> SKIPPED_IN_CONTENT = Set.of("type", "mimeType", "data", "blob");

  private ValueExtractor() {}

  /** Every value of a tool result (or any JSON value); false when the sink stopped it. */
  static boolean result(Object result, Sink sink) {
    if (!(result instanceof Map<?, ?> m)) return walk(result, 0, sink);
    for (var e : m.entrySet()) {
      boolean complete = "content".equals(e.getKey()) && e.getValue() instanceof List<?> items
          ? contentItems(items, sink) : walk(e.getValue(), 1, sink);
      if (!complete) return false;
    }
    return true;
  }

  /** The values of one argument leaf (a string or a number); false when the sink stopped it. */
  static boolean leaf(Object value, Sink sink) {
    return switch (value) {
      case String s -> text(s, sink);
      case Number n -> number(n, sink);
      case null, default -> true;
    };
  }

  private static boolean contentItems(List<?> items, Sink sink) {
    for (Object item : items) {
      if (!contentItem(item, 2, sink)) return false;
    }
    return true;
  }

  /** A content item, or the resource inside one: everything but its type and base64 payload. */
  private static boolean contentItem(Object item, int depth, Sink sink) {
    if (!(item instanceof Map<?, ?> m)) return walk(item, depth, sink);
    if (depth > MAX_DEPTH) return false;
    for (var e : m.entrySet()) {
      if (SKIPPED_IN_CONTENT.contains(e.getKey())) continue;
      boolean complete = "resource".equals(e.getKey()) ? contentItem(e.getValue(), depth + 1, sink)
          : walk(e.getValue(), depth + 1, sink);
      if (!complete) return false;
    }
    return true;
  }

  private static boolean walk(Object value, int depth, Sink sink) {
    if (depth > MAX_DEPTH) return false;
    return switch (value) {
      case Map<?, ?> m -> {
        for (Object v : m.values()) {
          if (!walk(v, depth + 1, sink)) yield false;
        }
        yield true;
      }
      case List<?> l -> {
        for (Object item : l) {
          if (!walk(item, depth + 1, sink)) yield false;
        }
        yield true;
      }
      case String s -> text(s, sink);
      case Number n -> number(n, sink);
      case null, default -> true;
    };
  }

  /** The values in a string: see the class comment. */
  static boolean text(String raw, Sink sink) {
    Normalisation.Text text = Normalisation.text(raw);
    String s = text.value();
    if (s.isEmpty()) return true;
    if (s.length() <= MAX_WHOLE && !(emit(s, sink) && emitCompact(s, sink))) return false;
    return TextTokens.scan(text, sink) && Shingles.emit(text, sink);
  }

  /** The canonical decimal form of a number: {@code 1250}, {@code 1250.0} and {@code 1.25E3} agree. */
  static boolean number(Number n, Sink sink) {
    String canonical = canonical(n);
    return canonical == null || emit(canonical, sink);
  }

  static String canonical(Number n) {
    try {
      BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return null; // NaN and infinities name no value anyone copies
    }
  }

  /** Passes a value to the sink unless it is trivial; false when the sink refused it. */
  static boolean emit(String v, Sink sink) { return Normalisation.trivial(v) || sink.accept(v); }

  /** The letters-and-digits form, for values with digits, so that re-spacing or re-punctuating them still matches. */
  static boolean emitCompact(String v, Sink sink) {
    if (!TextTokens.hasDigit(v)) return true;
    String c = Normalisation.compact(v);
    return c.length() < MIN_COMPACT || c.equals(v) || emit(c, sink);
  }
}
