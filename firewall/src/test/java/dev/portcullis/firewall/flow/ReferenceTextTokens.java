package dev.portcullis.firewall.flow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Test reference: the straightforward form of {@code TextTokens}, kept unchanged so that the
 * optimised code can be compared with it value for value ({@code ExtractionDifferentialTest}).
 *
 * <p>The candidate tokens inside a normalised text, found in one pass over its space-separated runs
 * rather than one regular-expression pass per kind (a long result would otherwise be scanned a
 * dozen times):
 * <ul>
 *   <li>URLs ({@code scheme://...}), their host, and their path segments and query values taken
 *       as runs of their own;</li>
 *   <li>e-mail addresses and domain names;</li>
 *   <li>numbers, in each plausible reading ({@link #readings});</li>
 *   <li>identifiers mixing letters and digits ({@code inv-2024-0042}, {@code de89370400440532013000})
 *       and their letters-and-digits form;</li>
 *   <li>groups of short digit-bearing runs, joined: an IBAN written in blocks of four
 *       ({@code de89 3704 0044 ...}) or a phone number ({@code +49 30 1234 5678});</li>
 *   <li>quoted strings ({@code "..."}, {@code “...”}, {@code „...“}, {@code «...»}, and {@code '...'}
 *       when the quotes stand at word boundaries, so that apostrophes are not taken for quotes).</li>
 * </ul>
 * Punctuation around a run ({@code (}, {@code "}, a full stop after a URL) is not part of it.
 */
final class ReferenceTextTokens {
  private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
  private static final Pattern DOMAIN = Pattern.compile("(?:[\\p{L}\\p{N}-]+\\.)+\\p{L}{2,}");
  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(?:[.,]\\d+)*");
  private static final String LEADING = "\"'([{<«“„‘";
  private static final String TRAILING = "\"')]}>».,;:!?”“’";
  private static final int MAX_GROUP_RUN = 6;
  private static final int MAX_DIGIT_RUN = 12;
  private static final int MIN_GROUP_DIGITS = 7;
  private static final int MAX_QUOTED = 256;

  private ReferenceTextTokens() {}

  /** Emits the tokens of a normalised text; false when the sink stopped it. */
  static boolean scan(String s, ReferenceValueExtractor.Sink sink) {
    var group = new Group();
    int start = 0;
    while (start < s.length()) {
      int end = s.indexOf(' ', start);
      if (end < 0) end = s.length();
      String run = strip(s, start, end);
      start = end + 1;
      if (run.isEmpty()) continue;
      if (!run(run, sink) || !group.offer(run, sink)) return false;
    }
    return group.flush(sink) && quoted(s, sink);
  }

  /** The tokens of one run, punctuation around it removed. */
  private static boolean run(String run, ReferenceValueExtractor.Sink sink) {
    int scheme = run.indexOf("://");
    if (scheme > 0) {
      String host = host(run, scheme + 3);
      return ReferenceValueExtractor.emit(run, sink) && ReferenceValueExtractor.emit(host, sink)
          && urlParts(run.substring(Math.min(run.length(), run.indexOf(host, scheme) + host.length())), sink);
    }
    if (run.indexOf('@') > 0 && EMAIL.matcher(run).matches()) return ReferenceValueExtractor.emit(run, sink);
    boolean digits = hasDigit(run);
    if (!digits) return run.indexOf('.') <= 0 || !DOMAIN.matcher(run).matches() || ReferenceValueExtractor.emit(run, sink);
    if (NUMBER.matcher(run).matches()) {
      for (String reading : readings(run)) {
        if (!ReferenceValueExtractor.emit(reading, sink)) return false;
      }
      return true;
    }
    if (run.indexOf('.') > 0 && DOMAIN.matcher(run).matches()) return ReferenceValueExtractor.emit(run, sink);
    // An identifier (inv-2024-0042), or anything else with digits in it (12:30, inv/2024/7):
    // the run itself and its letters-and-digits form.
    return ReferenceValueExtractor.emit(run, sink) && ReferenceValueExtractor.emitCompact(run, sink);
  }

  /** The path segments, query names and values of a URL, each a run of its own (an order id in a path). */
  private static boolean urlParts(String rest, ReferenceValueExtractor.Sink sink) {
    int start = 0;
    for (int i = 0; i <= rest.length(); i++) {
      if (i < rest.length() && "/?#&=;".indexOf(rest.charAt(i)) < 0) continue;
      if (i > start) {
        String part = strip(rest, start, i);
        if (!part.isEmpty() && part.indexOf("://") < 0 && !run(part, sink)) return false;
      }
      start = i + 1;
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
      String c = ReferenceValueExtractor.canonical(new BigDecimal(candidate));
      if (!out.contains(c)) out.add(c);
    }
    return out;
  }

  /**
   * Consecutive short runs that may be blocks of one number: digit-bearing runs of up to
   * {@value #MAX_GROUP_RUN} characters (or {@value #MAX_DIGIT_RUN} without letters), and, after an
   * IBAN's country-and-check head, four-letter bank-code blocks ({@code nl91 abna 0417 ...}). The group is emitted joined when it has at
   * least two runs and {@value #MIN_GROUP_DIGITS} digits — also just before a letters-only block
   * joins it, in case that block was an ordinary word after the number.
   */
  private static final class Group {
    private final StringBuilder joined = new StringBuilder();
    private int runs;
    private boolean ibanHead;

    boolean offer(String run, ReferenceValueExtractor.Sink sink) {
      boolean digits = hasDigit(run);
      if (digits && blockOfNumber(run)) {
        if (runs == 0) ibanHead = run.length() == 4 && Character.isLetter(run.charAt(0)) && Character.isLetter(run.charAt(1))
            && Character.isDigit(run.charAt(2)) && Character.isDigit(run.charAt(3));
        add(run);
        return true;
      }
      if (!digits && ibanHead && runs > 0 && run.length() == 4 && run.chars().allMatch(Character::isLetter)) {
        if (!emit(sink)) return false;
        add(run);
        return true;
      }
      return flush(sink);
    }

    boolean flush(ReferenceValueExtractor.Sink sink) {
      boolean ok = emit(sink);
      joined.setLength(0);
      runs = 0;
      ibanHead = false;
      return ok;
    }

    private void add(String run) {
      joined.append(run);
      runs++;
    }

    private boolean emit(ReferenceValueExtractor.Sink sink) {
      if (runs < 2) return true;
      String compact = ReferenceNormalisation.compact(joined.toString());
      return compact.chars().filter(Character::isDigit).count() < MIN_GROUP_DIGITS || ReferenceValueExtractor.emit(compact, sink);
    }

    /** Up to six letters, digits and separators, or up to twelve digits and separators ({@code 1234-5678}). */
    private static boolean blockOfNumber(String run) {
      if (run.length() > MAX_DIGIT_RUN) return false;
      boolean letters = false;
      for (int i = 0; i < run.length(); i++) {
        char c = run.charAt(i);
        if (Character.isLetter(c)) {
          letters = true;
        } else if (!Character.isDigit(c) && "()+-./".indexOf(c) < 0) {
          return false;
        }
      }
      return !letters || run.length() <= MAX_GROUP_RUN;
    }
  }

  private static boolean quoted(String s, ReferenceValueExtractor.Sink sink) {
    for (int i = 0; i < s.length(); i++) {
      char open = s.charAt(i);
      char close = switch (open) {
        case '"' -> '"';
        case '“', '„' -> '”';
        case '«' -> '»';
        case '\'' -> i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) ? '\'' : 0;
        default -> 0;
      };
      if (close == 0) continue;
      int end = closing(s, i + 1, open, close);
      if (end < 0) continue;
      if (!ReferenceValueExtractor.emit(s.substring(i + 1, end).strip(), sink)) return false;
      i = end;
    }
    return true;
  }

  /** Where a quote opened at {@code from - 1} closes, within {@value #MAX_QUOTED} characters, or -1. */
  private static int closing(String s, int from, char open, char close) {
    int limit = Math.min(s.length(), from + MAX_QUOTED + 1);
    for (int j = from; j < limit; j++) {
      char c = s.charAt(j);
      boolean closes = c == close || open == '„' && c == '“';
      if (!closes) continue;
      if (close != '\'' || j + 1 == s.length() || !Character.isLetterOrDigit(s.charAt(j + 1))) return j > from ? j : -1;
    }
    return -1;
  }

  private static String strip(String s, int start, int end) {
    while (start < end && LEADING.indexOf(s.charAt(start)) >= 0) start++;
    while (end > start && TRAILING.indexOf(s.charAt(end - 1)) >= 0) end--;
    return s.substring(start, end);
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) return true;
    }
    return false;
  }

  private static String host(String url, int start) {
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
    String authority = url.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = authority.lastIndexOf(':');
    return colon > 0 && authority.indexOf(']') < colon ? authority.substring(0, colon) : authority;
  }
}
