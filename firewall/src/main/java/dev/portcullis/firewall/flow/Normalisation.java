package dev.portcullis.firewall.flow;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The one normal form values are compared in, and the rule for which values are too trivial to
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
final class Normalisation {
  static final int MIN_LENGTH = 4;
  static final int MIN_DIGITS = 4;

  /** Placeholder values that pass the other rules but carry no provenance. */
  static final Set<String> STOP = Set.of("n/a", "n.a.", "e.g.", "i.e.", "etc.", "tbd.", "http://", "https://",
      "www.", "example.com", "example.org", "example.net", "localhost:8080", "127.0.0.1", "0.0.0.0", "::1");

  /** The length of the longest {@link #STOP} value: longer values need not be looked up. */
  private static final int MAX_STOP = STOP.stream().mapToInt(String::length).max().orElse(0);

  static {
    // trivial() looks a value up in STOP only when it has one of these characters.
    for (String stop : STOP) {
      if (stop.indexOf('.') < 0 && stop.indexOf('/') < 0 && stop.indexOf(':') < 0) {
        throw new IllegalStateException("every placeholder value must have '.', '/' or ':': " + stop);
      }
    }
  }

  private Normalisation() {}

  /**
   * A text in normal form. When all its characters are below {@code U+0100}, {@code latin1} holds
   * them as bytes (its first {@code value.length()} bytes; it may be longer), so that long texts
   * can be scanned a byte at a time, and {@code ascii} says whether they are all below
   * {@code U+0080}, so that they can also be hashed a byte at a time; otherwise {@code latin1} is
   * null. Only an optimisation: code that reads the bytes must do exactly what it would do with
   * {@code value}.
   */
  record Text(String value, byte[] latin1, boolean ascii) {
    /** The bytes when the text is all ASCII, else null. */
    byte[] asciiBytes() { return ascii ? latin1 : null; }
  }

  /** The normal form of a string. */
  static String normalise(String s) { return text(s).value(); }

  /** The normal form of a string, with its bytes when they are all Latin-1. */
  static Text text(String s) {
    Text fast = Latin1.normalise(s);
    return fast != null ? fast : new Text(general(s), null, false);
  }

  /** The normal form of any string, by the definition in the class comment. */
  private static String general(String s) {
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

  /**
   * The normal form of text made of Latin-1 characters, in one pass with a table, or null when the
   * text has a character the table cannot handle.
   *
   * <p>Within Latin-1 the general steps work character by character: no two Latin-1 characters
   * compose under NFKC (there are no combining marks below {@code U+0300}), and root-locale case
   * mapping needs context only for Greek capital sigma, which no Latin-1 character folds through.
   * So each character's fate is worked out once, by running the general steps on it alone: white
   * space (including the no-break space, which NFKC turns into a space), dropped (controls, the
   * soft hyphen), or replaced by its folded form ({@code A} by {@code a}, {@code ß} by {@code ss}).
   * A character whose compatibility form is not itself and not white space ({@code ²}, {@code ½},
   * {@code ¨}), or whose folded form leaves Latin-1 ({@code µ} becomes Greek {@code μ}), is left to
   * the general path, as is anything above {@code U+00FF}. The output is Latin-1 too, so it is
   * built as bytes.
   */
  private static final class Latin1 {
    private static final String SPACE = " ";
    private static final String DROP = "";
    /** For each Latin-1 character: {@link #SPACE}, {@link #DROP}, its folded form, or null (general path). */
    private static final String[] FATE = new String[256];
    /** For each Latin-1 character whose folded form is one character: that character, or a space for white space; else 0. */
    private static final byte[] SIMPLE = new byte[256];

    static {
      for (char c = 0; c < FATE.length; c++) {
        String one = String.valueOf(c);
        String nfkc = Normalizer.normalize(one, Normalizer.Form.NFKC);
        int type = Character.getType(c);
        if (nfkc.equals(SPACE) || nfkc.equals(one) && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
          FATE[c] = SPACE;
        } else if (!nfkc.equals(one)) {
          FATE[c] = null;
        } else if (type == Character.FORMAT || type == Character.CONTROL) {
          FATE[c] = DROP;
        } else {
          String folded = one.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
          boolean latin1 = folded.chars().allMatch(f -> f < FATE.length);
          FATE[c] = latin1 && folded.length() <= 2 && Normalizer.isNormalized(folded, Normalizer.Form.NFKC) ? folded : null;
          if (FATE[c] != null && folded.length() == 1) SIMPLE[c] = (byte) folded.charAt(0);
        }
        if (FATE[c] == SPACE) SIMPLE[c] = ' ';
      }
    }

    private Latin1() {}

    static Text normalise(String s) {
      int n = s.length();
      // Room for every remaining character to give one byte; a character that gives two makes room first.
      byte[] out = new byte[n + 16];
      int size = 0;
      int high = 0;
      // The last byte written, a space before the first: a space is kept only after something
      // else, so runs of white space collapse and leading white space goes, without a branch in
      // the common case (a mispredicted branch at every word would cost more than the work).
      int last = ' ';
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        int simple = c < SIMPLE.length ? SIMPLE[c] & 0xFF : 0;
        if (simple != 0) {
          out[size] = (byte) simple;
          size += simple != ' ' || last != ' ' ? 1 : 0;
          last = simple;
          high |= simple;
          continue;
        }
        String fate = c < FATE.length ? FATE[c] : null;
        if (fate == null) return null;
        if (fate == DROP) continue;
        if (size + fate.length() + (n - i) > out.length) out = Arrays.copyOf(out, 2 * (size + fate.length() + (n - i)));
        for (int j = 0; j < fate.length(); j++) {
          char f = fate.charAt(j);
          out[size++] = (byte) f;
          high |= f;
          last = f;
        }
      }
      if (size > 0 && out[size - 1] == ' ') size--; // trailing white space
      return new Text(new String(out, 0, size, StandardCharsets.ISO_8859_1), out, high < 0x80);
    }
  }

  /** Whether a normalised value is too trivial to track (see the class comment). */
  static boolean trivial(String v) {
    // A string of 2 * MIN_LENGTH chars has at least MIN_LENGTH code points, so only short ones are counted.
    if (v.length() < MIN_LENGTH || v.length() < 2 * MIN_LENGTH && v.codePointCount(0, v.length()) < MIN_LENGTH) return true;
    int first = v.codePointAt(0);
    int second = -1;
    boolean distinct = false;
    boolean letters = true;
    boolean numeric = true;
    boolean stopChar = false;
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
      if (letters && !(cp < 0x80 ? cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' : Character.isLetter(cp))) letters = false;
      if (cp >= '0' && cp <= '9') {
        digits++;
      } else if (numeric && cp != '.' && cp != ',' && cp != '+' && cp != '-' && cp != ' ') {
        numeric = false;
      }
      if (cp == '.' || cp == '/' || cp == ':') stopChar = true;
      // Settled: no rule but the placeholder one can still apply, and this value is too long for it.
      if (distinct && !letters && !numeric && v.length() > MAX_STOP) return false;
    }
    return !distinct || letters || numeric && digits < MIN_DIGITS || stopChar && v.length() <= MAX_STOP && STOP.contains(v);
  }

  /** Only the letters and digits of a value: the form separators cannot change. */
  static String compact(String v) {
    char[] out = new char[v.length()];
    int size = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x80) {
        if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') out[size++] = c;
      } else if (!Character.isSurrogate(c)) {
        if (Character.isLetterOrDigit(c)) out[size++] = c;
      } else {
        // A pair counts as the code point it encodes; a lone surrogate is neither letter nor digit.
        int cp = v.codePointAt(i);
        if (Character.isSupplementaryCodePoint(cp)) {
          if (Character.isLetterOrDigit(cp)) {
            out[size++] = c;
            out[size++] = v.charAt(i + 1);
          }
          i++;
        }
      }
    }
    return new String(out, 0, size);
  }
}
