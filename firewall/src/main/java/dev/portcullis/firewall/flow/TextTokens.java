package dev.portcullis.firewall.flow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The candidate tokens inside a normalised text, found in one pass over its space-separated runs
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
final class TextTokens {
  private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
  private static final Pattern DOMAIN = Pattern.compile("(?:[\\p{L}\\p{N}-]+\\.)+\\p{L}{2,}");
  private static final int MAX_GROUP_RUN = 6;
  private static final int MAX_DIGIT_RUN = 12;
  private static final int MIN_GROUP_DIGITS = 7;
  private static final int MAX_QUOTED = 256;

  /** The Latin-1 characters that {@link #run} looks for: digits, {@code @}, {@code .} and {@code :} (of {@code ://}). */
  private static final boolean[] SPECIAL = new boolean[256];
  /** The special characters that are also trailing punctuation ({@link #trailing}). */
  private static final boolean[] TRAILING_SPECIAL = new boolean[256];

  static {
    for (char c = 0; c < SPECIAL.length; c++) {
      SPECIAL[c] = c == '@' || c == '.' || c == ':' || Character.isDigit(c);
      TRAILING_SPECIAL[c] = SPECIAL[c] && trailing(c);
    }
  }

  private TextTokens() {}

  /** Emits the tokens of a normalised text; false when the sink stopped it. */
  static boolean scan(String s, ValueExtractor.Sink sink) { return scan(s, null, false, sink); }

  /** As {@link #scan(String, ValueExtractor.Sink)}, for a text that may come with its Latin-1 bytes. */
  static boolean scan(Normalisation.Text text, ValueExtractor.Sink sink) {
    return scan(text.value(), text.latin1(), text.ascii(), sink);
  }

  private static boolean scan(String s, byte[] latin1, boolean ascii, ValueExtractor.Sink sink) {
    var group = new Group();
    int n = s.length();
    int start = 0;
    while (start < n) {
      if (latin1 != null && group.isEmpty()) {
        // A run without a special character yields nothing, and with no group open it changes
        // nothing: skip to the run that holds the next special character, found byte by byte. A
        // '.' or ':' that ends its run does not count: as trailing punctuation it is stripped
        // (the full stop of every sentence).
        int next = start;
        for (; next < n; next++) {
          int c = latin1[next] & 0xFF;
          if (SPECIAL[c] && !(TRAILING_SPECIAL[c] && (next + 1 == n || latin1[next + 1] == ' '))) break;
        }
        if (next == n) break;
        start = Math.max(start, s.lastIndexOf(' ', next) + 1);
      }
      // One pass finds the end of the run and the first character that run() looks for: a digit,
      // '@', '.' or ':' (of "://"). Most runs are words without one: run() yields nothing for
      // them and only a four-letter block can join a group, so they need not become strings.
      int end = start;
      int special = -1;
      for (; end < n; end++) {
        char c = s.charAt(end);
        if (c >= 'a' && c <= 'z') continue;
        if (c == ' ') break;
        if (special < 0 && (c == '@' || c == '.' || c == ':' || Character.isDigit(c))) special = end;
      }
      int from = start;
      int to = end;
      start = end + 1;
      while (from < to && leading(s.charAt(from))) from++;
      while (to > from && trailing(s.charAt(to - 1))) to--;
      if (from == to) continue;
      // Leading punctuation has no special character, so the run proper has one exactly when the
      // first one comes before its end.
      if (special < 0 || special >= to) {
        if (!group.offerPlain(s, from, to, sink)) return false;
        continue;
      }
      String run = s.substring(from, to);
      if (!run(run, sink) || !group.offer(run, sink)) return false;
    }
    return group.flush(sink) && quoted(s, ascii, sink);
  }

  /** The tokens of one run, punctuation around it removed. */
  private static boolean run(String run, ValueExtractor.Sink sink) {
    int scheme = run.indexOf("://");
    if (scheme > 0) {
      String host = host(run, scheme + 3);
      return ValueExtractor.emit(run, sink) && ValueExtractor.emit(host, sink)
          && urlParts(run.substring(Math.min(run.length(), run.indexOf(host, scheme) + host.length())), sink);
    }
    if (run.indexOf('@') > 0 && EMAIL.matcher(run).matches()) return ValueExtractor.emit(run, sink);
    boolean digits = hasDigit(run);
    if (!digits) return run.indexOf('.') <= 0 || !DOMAIN.matcher(run).matches() || ValueExtractor.emit(run, sink);
    if (number(run)) {
      for (String reading : readings(run)) {
        if (!ValueExtractor.emit(reading, sink)) return false;
      }
      return true;
    }
    if (run.indexOf('.') > 0 && DOMAIN.matcher(run).matches()) return ValueExtractor.emit(run, sink);
    // An identifier (inv-2024-0042), or anything else with digits in it (12:30, inv/2024/7):
    // the run itself and its letters-and-digits form.
    return ValueExtractor.emit(run, sink) && ValueExtractor.emitCompact(run, sink);
  }

  /** The path segments, query names and values of a URL, each a run of its own (an order id in a path). */
  private static boolean urlParts(String rest, ValueExtractor.Sink sink) {
    int start = 0;
    for (int i = 0; i <= rest.length(); i++) {
      if (i < rest.length() && !urlSeparator(rest.charAt(i))) continue;
      if (i > start) {
        String part = strip(rest, start, i);
        if (!part.isEmpty() && part.indexOf("://") < 0 && !run(part, sink)) return false;
      }
      start = i + 1;
    }
    return true;
  }

  private static boolean urlSeparator(char c) {
    return c == '/' || c == '?' || c == '#' || c == '&' || c == '=' || c == ';';
  }

  /**
   * The numbers a written number may stand for: {@code 1,250.00} is 1250 (comma groups thousands)
   * or 1.25 (point groups thousands); both are emitted when both readings are well formed.
   */
  static List<String> readings(String written) {
    if (asciiDigits(written)) {
      // Plain digits, the common case, read alike both ways: BigDecimal would only drop leading zeros.
      int first = 0;
      while (first < written.length() - 1 && written.charAt(first) == '0') first++;
      return List.of(written.substring(first));
    }
    var out = new ArrayList<String>(2);
    String pointDecimal = written.replace(",", "");
    String commaDecimal = written.replace(".", "").replace(',', '.');
    for (String candidate : List.of(pointDecimal, commaDecimal)) {
      if (candidate.indexOf('.') != candidate.lastIndexOf('.')) continue;
      String c = ValueExtractor.canonical(new BigDecimal(candidate));
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
    /** The runs so far, made when a second run may join the first (most groups never start). */
    private StringBuilder joined;
    private int runs;
    private boolean ibanHead;

    boolean offer(String run, ValueExtractor.Sink sink) {
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

    /** As {@link #offer}, for a run without digits at {@code s[from, to)}. */
    boolean offerPlain(String s, int from, int to, ValueExtractor.Sink sink) {
      if (ibanHead && runs > 0 && to - from == 4 && letters(s, from, to)) {
        if (!emit(sink)) return false;
        joined().append(s, from, to);
        runs++;
        return true;
      }
      return runs == 0 || flush(sink);
    }

    private static boolean letters(String s, int from, int to) {
      for (int i = from; i < to; i++) {
        if (!Character.isLetter(s.charAt(i))) return false;
      }
      return true;
    }

    private StringBuilder joined() {
      if (joined == null) joined = new StringBuilder();
      return joined;
    }

    /** Whether no run is waiting to be joined. */
    boolean isEmpty() { return runs == 0; }

    boolean flush(ValueExtractor.Sink sink) {
      boolean ok = emit(sink);
      if (joined != null) joined.setLength(0);
      runs = 0;
      ibanHead = false;
      return ok;
    }

    private void add(String run) {
      joined().append(run);
      runs++;
    }

    private boolean emit(ValueExtractor.Sink sink) {
      if (runs < 2) return true;
      String compact = Normalisation.compact(joined.toString());
      return compact.chars().filter(Character::isDigit).count() < MIN_GROUP_DIGITS || ValueExtractor.emit(compact, sink);
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

  private static boolean quoted(String s, boolean ascii, ValueExtractor.Sink sink) {
    var quotes = ascii ? new AsciiQuotes(s) : null;
    for (int i = 0; i < s.length(); i++) {
      if (ascii) {
        // Only '"' and '\'' can open a quote in ASCII text: jump to the next with the string search.
        i = quotes.next(i);
        if (i < 0) return true;
      }
      char open = s.charAt(i);
      if (open < '«' && open != '"' && open != '\'') continue; // the common case: no quote at all
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
      if (!ValueExtractor.emit(s.substring(i + 1, end).strip(), sink)) return false;
      i = end;
    }
    return true;
  }

  /** The next straight quote of either kind, each found with {@link String#indexOf(int, int)} and remembered until passed. */
  private static final class AsciiQuotes {
    private final String s;
    private int nextDouble = -2;
    private int nextSingle = -2;

    AsciiQuotes(String s) { this.s = s; }

    /** The position of the first {@code "} or {@code '} at or after {@code from}, or -1. */
    int next(int from) {
      if (nextDouble != -1 && nextDouble < from) nextDouble = s.indexOf('"', from);
      if (nextSingle != -1 && nextSingle < from) nextSingle = s.indexOf('\'', from);
      if (nextDouble < 0) return nextSingle;
      return nextSingle < 0 ? nextDouble : Math.min(nextDouble, nextSingle);
    }
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
    while (start < end && leading(s.charAt(start))) start++;
    while (end > start && trailing(s.charAt(end - 1))) end--;
    return s.substring(start, end);
  }

  /** Whether a character is punctuation that may open a run and is not part of it: a quote or an opening bracket. */
  private static boolean leading(char c) {
    if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') return false;
    return switch (c) {
      case '"', '\'', '(', '[', '{', '<', '«', '“', '„', '‘' -> true;
      default -> false;
    };
  }

  /** Whether a character is punctuation that may close a run and is not part of it: a quote, a closing bracket, a stop. */
  private static boolean trailing(char c) {
    if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') return false;
    return switch (c) {
      case '"', '\'', ')', ']', '}', '>', '»', '.', ',', ';', ':', '!', '?', '”', '“', '’' -> true;
      default -> false;
    };
  }

  /** Whether a run is a written number: {@code [+-]?\d+(?:[.,]\d+)*}, digits being ASCII ones. */
  private static boolean number(String run) {
    int i = run.startsWith("+") || run.startsWith("-") ? 1 : 0;
    boolean digitBefore = false;
    for (; i < run.length(); i++) {
      char c = run.charAt(i);
      if (c >= '0' && c <= '9') {
        digitBefore = true;
      } else if ((c == '.' || c == ',') && digitBefore) {
        digitBefore = false;
      } else {
        return false;
      }
    }
    return digitBefore;
  }

  private static boolean asciiDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return !s.isEmpty();
  }

  /** Whether a string has a digit (of any script, as {@link Character#isDigit(char)} says). */
  static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 ? c >= '0' && c <= '9' : Character.isDigit(c)) return true;
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
