package dev.portcullis.firewall.flow;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Test reference: the straightforward form of {@code Normalisation}, kept unchanged so that the
 * optimised code can be compared with it value for value ({@code ExtractionDifferentialTest}).
 *
 * <p>The one normal form values are compared in, and the rule for which values are too trivial to
 * track. Both sides of a comparison — values in tool results and values in later arguments — pass
 * through the same functions, so a value matches itself however it was cased, spaced or encoded.
 *
 * <p>Normal form: Unicode NFKC (full-width and compatibility characters become their plain form),
 * format and control characters removed (zero-width spaces, soft hyphens, bidirectional marks: an
 * agent told to "insert a zero-width space" does not escape its label), case-folded (upper then
 * lower case, so {@code ß} and {@code SS} agree), white space trimmed and collapsed to one space.
 *
 * <p>Trivial values are not tracked, because an agent (or its user) would produce them without
 * having read them anywhere, and tracking them would label benign arguments:
 * <ul>
 *   <li>fewer than {@value #MIN_LENGTH} characters ({@code "1"}, {@code "EUR"}, {@code "yes"});</li>
 *   <li>fewer than three distinct characters ({@code "0000"}, {@code "1000"});</li>
 *   <li>a single word made only of letters ({@code "invoice"}, {@code "pending"}, {@code "alice"}):
 *       common words are typed independently all the time; names are tracked once they have two
 *       words, and identifiers once they mix letters with digits or punctuation;</li>
 *   <li>a number with fewer than {@value #MIN_DIGITS} digits ({@code 42}, {@code 9.5});</li>
 *   <li>a few placeholder values ({@link #STOP}).</li>
 * </ul>
 */
final class ReferenceNormalisation {
  static final int MIN_LENGTH = 4;
  static final int MIN_DIGITS = 4;

  /** Placeholder values that pass the other rules but carry no provenance. */
  static final Set<String> STOP = Set.of("n/a", "n.a.", "e.g.", "i.e.", "etc.", "tbd.", "http://", "https://",
      "www.", "example.com", "example.org", "example.net", "localhost:8080", "127.0.0.1", "0.0.0.0", "::1");

  private ReferenceNormalisation() {}

  /** The normal form of a string. */
  static String normalise(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
    var sb = new StringBuilder(n.length());
    boolean pendingSpace = false;
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        pendingSpace = sb.length() > 0;
        continue;
      }
      int type = Character.getType(cp);
      if (type == Character.FORMAT || type == Character.CONTROL) continue;
      if (pendingSpace) sb.append(' ');
      pendingSpace = false;
      sb.appendCodePoint(cp);
    }
    String folded = sb.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    return Normalizer.isNormalized(folded, Normalizer.Form.NFKC) ? folded : Normalizer.normalize(folded, Normalizer.Form.NFKC);
  }

  /** Whether a normalised value is too trivial to track (see the class comment). */
  static boolean trivial(String v) {
    if (v.length() < MIN_LENGTH || v.codePointCount(0, v.length()) < MIN_LENGTH || STOP.contains(v)) return true;
    int first = v.codePointAt(0);
    int second = -1;
    boolean distinct = false;
    boolean letters = true;
    boolean numeric = true;
    int digits = 0;
    for (int i = 0; i < v.length(); ) {
      int cp = v.codePointAt(i);
      i += Character.charCount(cp);
      if (!distinct && cp != first) {
        if (second < 0) {
          second = cp;
        } else if (cp != second) {
          distinct = true;
        }
      }
      if (!Character.isLetter(cp)) letters = false;
      if (cp >= '0' && cp <= '9') {
        digits++;
      } else if (".,+- ".indexOf(cp) < 0) {
        numeric = false;
      }
    }
    return !distinct || letters || numeric && digits < MIN_DIGITS;
  }

  /** Only the letters and digits of a value: the form separators cannot change. */
  static String compact(String v) {
    var sb = new StringBuilder(v.length());
    v.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
    return sb.toString();
  }
}
