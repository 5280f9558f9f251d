package dev.portcullis.server;

import java.time.Duration;
import java.util.regex.Pattern;

/** Parses durations written like {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 2d}. */
final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  static Duration parse(String text) {
    var m = FORM.matcher(text.trim());
    if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a duration like 30s, 15m or 1h");
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
