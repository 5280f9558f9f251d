package dev.portcullis.firewall.flow;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The numbers a text or a JSON value states, in the canonical form of
 * {@link ValueExtractor#canonical} ({@code 45}, {@code 11.99}), however short: the flow tracker
 * keeps those of the user's words, of parties the user named and of trusted results, to tell a
 * number the agent was given from one it was told by untrusted content.
 *
 * <p>From a text: every run of digits, with a decimal part after a point and with thousands
 * grouped by commas ({@code 1,250.00}); and English number words ("two", "twenty-five", "three
 * hundred", "two thousand"), since people write small numbers as words ("a table for two").
 * From a JSON value: every number in it, at any depth, and every string that is a number.
 */
final class Numbers {
  private static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
      Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
      Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
      Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14), Map.entry("fifteen", 15),
      Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18), Map.entry("nineteen", 19),
      Map.entry("a", 1), Map.entry("an", 1));
  private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
      "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
  private static final Map<String, Integer> SCALES = Map.of("hundred", 100, "thousand", 1000);
  private static final Set<String> ARTICLES = Set.of("a", "an");
  private static final int MAX_DEPTH = ValueExtractor.MAX_DEPTH;

  private Numbers() {}

  /** Passes every number the text states to {@code sink}, canonical. */
  static void inText(String text, Consumer<String> sink) {
    String s = Normalisation.normalise(text);
    digits(s, sink);
    words(s, sink);
  }

  /** Passes every number in a JSON value (numbers, and strings that are numbers) to {@code sink}, canonical. */
  static void inJson(Object value, Consumer<String> sink) { walk(value, sink, 0); }

  /** The canonical form of a number leaf, or {@code null} when it is not a number. */
  static String canonical(Object value) {
    return value instanceof Number n ? ValueExtractor.canonical(n) : null;
  }

  private static void walk(Object value, Consumer<String> sink, int depth) {
    if (depth > MAX_DEPTH) return;
    switch (value) {
      case Number n -> {
        String c = ValueExtractor.canonical(n);
        if (c != null) sink.accept(c);
      }
      case String str -> {
        String c = numeric(str.strip());
        if (c != null) sink.accept(c);
      }
      case Map<?, ?> m -> m.values().forEach(v -> walk(v, sink, depth + 1));
      case java.util.List<?> l -> l.forEach(v -> walk(v, sink, depth + 1));
      case null, default -> { }
    }
  }

  /* The canonical form of a string that is a plain decimal number, else null. */
  private static String numeric(String s) {
    if (s.isEmpty() || s.length() > 40) return null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0)) return null;
    }
    try {
      return ValueExtractor.canonical(new BigDecimal(s));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /*
   * Runs of digits, with grouped thousands and a decimal part. Not digits inside a word (an id such
   * as A7), and not the parts of a date, a time, a range or a phone number (2026-06-11, 19:30,
   * 10/12): those are not amounts the user stated.
   */
  private static void digits(String s, Consumer<String> sink) {
    int i = 0;
    while (i < s.length()) {
      if (!isDigit(s, i) || i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))) {
        i++;
        continue;
      }
      var number = new StringBuilder();
      int j = i;
      while (j < s.length() && (isDigit(s, j) || s.charAt(j) == ',' && grouped(s, j))) {
        if (s.charAt(j) != ',') number.append(s.charAt(j));
        j++;
      }
      if (s.startsWith(".", j) && isDigit(s, j + 1)) {
        number.append('.');
        j++;
        while (isDigit(s, j)) number.append(s.charAt(j++));
      }
      boolean joined = i > 1 && JOINERS.indexOf(s.charAt(i - 1)) >= 0 && isDigit(s, i - 2)
          || j + 1 < s.length() && JOINERS.indexOf(s.charAt(j)) >= 0 && isDigit(s, j + 1);
      if (joined) {
        // Skip the whole date, time or range.
        while (j < s.length() && (isDigit(s, j) || JOINERS.indexOf(s.charAt(j)) >= 0 && isDigit(s, j + 1))) j++;
      } else if (number.length() <= 40 && !Character.isLetter(j < s.length() ? s.charAt(j) : ' ')) {
        sink.accept(ValueExtractor.canonical(new BigDecimal(number.toString())));
      }
      i = j;
    }
  }

  /** Characters that join digit runs into a date, a time, a range or a phone number. */
  private static final String JOINERS = "-/:";

  /* Whether the comma at j groups thousands: exactly three digits follow it. */
  private static boolean grouped(String s, int j) {
    return isDigit(s, j + 1) && isDigit(s, j + 2) && isDigit(s, j + 3) && !isDigit(s, j + 4);
  }

  private static boolean isDigit(String s, int i) {
    if (i < 0 || i >= s.length()) return false;
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }

  /* English number words: units and tens, their compounds, and hundreds and thousands of them. */
  private static void words(String s, Consumer<String> sink) {
    String[] tokens = s.split("[^\\p{L}\\p{N}]+");
    int i = 0;
    while (i < tokens.length) {
      String t = tokens[i];
      long value;
      int used = 1;
      if (TENS.containsKey(t)) {
        value = TENS.get(t);
        Integer unit = i + 1 < tokens.length && !ARTICLES.contains(tokens[i + 1]) ? UNITS.get(tokens[i + 1]) : null;
        if (unit != null && unit > 0 && unit < 10) {
          value += unit;
          used = 2;
        }
      } else if (UNITS.containsKey(t)) {
        value = UNITS.get(t);
      } else {
        i++;
        continue;
      }
      boolean scaled = i + used < tokens.length && SCALES.containsKey(tokens[i + used]);
      if (scaled) {
        value *= SCALES.get(tokens[i + used]);
        used++;
      }
      // "a" and "an" are numbers only before a scale ("a hundred"); alone they are articles.
      if (scaled || !ARTICLES.contains(t)) sink.accept(Long.toString(value));
      i += used;
    }
  }
}
