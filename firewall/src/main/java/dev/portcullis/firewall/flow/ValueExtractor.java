package dev.portcullis.firewall.flow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the values an agent could copy from a tool result into a later argument, in the normal
 * form of {@link Normalisation}. The same extraction runs on argument values, so a value matches
 * when it was copied whole or when a recognisable part of it was.
 *
 * <p>From a string: the whole string when it is short (up to {@value #MAX_WHOLE} characters) and
 * its letters-and-digits form when it has digits; inside it, candidate tokens — IBAN-like account
 * numbers, e-mail addresses, URLs and their host, domain names, phone-like digit runs, numbers
 * (each plausible reading of {@code 1,250.00} / {@code 1.250,00}), identifiers mixing letters and
 * digits, quoted strings — and every run of {@value #SHINGLE} consecutive words. One shingle size is
 * enough: any copied phrase of at least that many words contains one of the result's shingles.
 * From a number: its canonical decimal form. Booleans and nulls carry nothing. Trivial values
 * ({@link Normalisation#trivial}) are never emitted.
 *
 * <p>From a tool result ({@link #result}): every value of the result object, walking nested
 * objects and lists — MCP {@code content} items (their {@code text}, a resource's text, a link's
 * name and URI), {@code structuredContent}, and any other member. Base64 payloads of images, audio
 * and blobs and the {@code type}/{@code mimeType} of content items are skipped. JSON carried inside
 * a text item is covered by the token rules: its strings are quoted, its long numbers are numbers.
 *
 * <p>Extraction stops as soon as the sink refuses a value (its budget is spent); the methods then
 * return false so that the caller can record that it saw only part of the content.
 */
final class ValueExtractor {
  /** Receives extracted values; returns false to stop the extraction. */
  @FunctionalInterface
  interface Sink {
    boolean accept(String value);
  }

  static final int MAX_WHOLE = 256;
  static final int SHINGLE = 4;
  static final int MIN_SHINGLE_LENGTH = 12;
  static final int MAX_DEPTH = 64;
  private static final int MIN_COMPACT = 6;
  private static final Set<String> SKIPPED_IN_CONTENT = Set.of("type", "mimeType", "data", "blob");

  private static final Pattern IBAN = Pattern.compile("(?<![\\p{L}\\p{N}])[a-z]{2}\\d{2}(?:[ -]?[a-z0-9]{4}){2,7}(?:[ -]?[a-z0-9]{1,4})?(?![\\p{L}\\p{N}])");
  private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
  private static final Pattern URL = Pattern.compile("\\b(?:https?|ftp|wss?)://[^\\s\"'<>()\\[\\]{}`]+");
  private static final Pattern DOMAIN = Pattern.compile("(?<![\\p{L}\\p{N}@.-])(?:[\\p{L}\\p{N}-]+\\.)+\\p{L}{2,}(?![\\p{L}\\p{N}])");
  private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ()./-]{5,}\\d");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\p{N}])\\d+(?:[.,]\\d+)*");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\p{L}\\p{N}_-])[\\p{L}\\p{N}][\\p{L}\\p{N}_-]{4,}(?![\\p{L}\\p{N}_-])");
  private static final Pattern QUOTED = Pattern.compile(
      "\"([^\"\\n]{1,256})\"|“([^”\\n]{1,256})”|„([^“”\\n]{1,256})[“”]|«\\s?([^»\\n]{1,256}?)\\s?»|(?<![\\p{L}\\p{N}])'([^'\\n]{1,256})'(?![\\p{L}\\p{N}])");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

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
    String s = Normalisation.normalise(raw);
    if (s.isEmpty()) return true;
    if (s.length() <= MAX_WHOLE && !(emit(s, sink) && emitCompact(s, sink))) return false;
    return tokens(s, sink) && shingles(s, sink);
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

  private static boolean tokens(String s, Sink sink) {
    for (Matcher m = IBAN.matcher(s); m.find(); ) {
      if (!emit(Normalisation.compact(m.group()), sink)) return false;
    }
    for (Matcher m = EMAIL.matcher(s); m.find(); ) {
      if (!emit(m.group(), sink)) return false;
    }
    for (Matcher m = URL.matcher(s); m.find(); ) {
      String url = trimTrailingPunctuation(m.group());
      if (!emit(url, sink) || !emit(host(url), sink)) return false;
    }
    for (Matcher m = DOMAIN.matcher(s); m.find(); ) {
      if (!emit(m.group(), sink)) return false;
    }
    for (Matcher m = PHONE.matcher(s); m.find(); ) {
      String digits = Normalisation.compact(m.group());
      if (digits.length() >= 7 && !emit(digits, sink)) return false;
    }
    for (Matcher m = NUMBER.matcher(s); m.find(); ) {
      for (String reading : readings(m.group())) {
        if (!emit(reading, sink)) return false;
      }
    }
    for (Matcher m = IDENTIFIER.matcher(s); m.find(); ) {
      String id = m.group();
      if (mixesLettersAndDigits(id) && !(emit(id, sink) && emitCompact(id, sink))) return false;
    }
    for (Matcher m = QUOTED.matcher(s); m.find(); ) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null && !emit(m.group(g).strip(), sink)) return false;
      }
    }
    return true;
  }

  private static boolean shingles(String s, Sink sink) {
    var words = new ArrayList<String>();
    for (Matcher m = WORD.matcher(s); m.find(); ) words.add(m.group());
    var sb = new StringBuilder();
    for (int i = 0; i + SHINGLE <= words.size(); i++) {
      sb.setLength(0);
      for (int j = i; j < i + SHINGLE; j++) {
        if (j > i) sb.append(' ');
        sb.append(words.get(j));
      }
      if (sb.length() >= MIN_SHINGLE_LENGTH && !emit(sb.toString(), sink)) return false;
    }
    return true;
  }

  /**
   * The numbers a written number may stand for: {@code 1,250.00} is 1250 (comma groups thousands)
   * or 1.25 (point groups thousands); both are emitted when both readings are well formed.
   */
  static List<String> readings(String written) {
    var out = new ArrayList<String>(2);
    String pointDecimal = written.replace(",", "");
    String commaDecimal = written.replace(".", "").replace(',', '.');
    for (String candidate : List.of(pointDecimal, commaDecimal)) {
      if (candidate.indexOf('.') != candidate.lastIndexOf('.')) continue;
      String c = canonical(new BigDecimal(candidate));
      if (!out.contains(c)) out.add(c);
    }
    return out;
  }

  private static boolean emit(String v, Sink sink) { return Normalisation.trivial(v) || sink.accept(v); }

  /** The letters-and-digits form, for values with digits, so that re-spacing or re-punctuating them still matches. */
  private static boolean emitCompact(String v, Sink sink) {
    if (v.chars().noneMatch(Character::isDigit)) return true;
    String c = Normalisation.compact(v);
    return c.length() < MIN_COMPACT || c.equals(v) || emit(c, sink);
  }

  private static boolean mixesLettersAndDigits(String s) {
    return s.chars().anyMatch(Character::isDigit) && s.chars().anyMatch(Character::isLetter);
  }

  private static String trimTrailingPunctuation(String url) {
    int end = url.length();
    while (end > 0 && ".,;:!?".indexOf(url.charAt(end - 1)) >= 0) end--;
    return url.substring(0, end);
  }

  private static String host(String url) {
    int start = url.indexOf("://") + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
    String authority = url.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = authority.lastIndexOf(':');
    return colon > 0 && authority.indexOf(']') < colon ? authority.substring(0, colon) : authority;
  }
}
