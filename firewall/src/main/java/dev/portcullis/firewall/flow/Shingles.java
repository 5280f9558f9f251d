package dev.portcullis.firewall.flow;

/**
 * The shingles of a normalised text: every run of {@value ValueExtractor#SHINGLE} consecutive
 * words (maximal runs of letters and digits), joined by single spaces, of at least
 * {@value ValueExtractor#MIN_SHINGLE_LENGTH} characters, in the order they occur.
 *
 * <p>A long result has thousands of shingles and most of its values are shingles, so they are
 * found in one pass with a window over the last four words and handed to the sink as word bounds
 * ({@link ValueExtractor.Sink#acceptShingle}): no word or shingle becomes a string unless the sink
 * asks for one. The triviality rules of {@link Normalisation#trivial} reduce, for a shingle, to
 * one: it is trivial when all its letters and digits are one and the same character (with the
 * space that makes two distinct characters, fewer than the three required). It always has a space,
 * so it is never a single word of letters; its words are at least four characters in all, so it
 * is never a short number; it is never shorter than the minimum length (surrogates are neither
 * letters nor digits, so characters are code points here) and never a placeholder value.
 */
final class Shingles {
  private static final int SIZE = ValueExtractor.SHINGLE;
  /** In the window: no single character makes up the whole word. */
  private static final int MIXED = -1;

  private Shingles() {}

  /** Emits the shingles of a normalised text; false when the sink stopped it. */
  static boolean emit(Normalisation.Text text, ValueExtractor.Sink sink) {
    String s = text.value();
    int n = s.length();
    if (n < ValueExtractor.MIN_SHINGLE_LENGTH) return true;
    byte[] latin1 = text.latin1();
    byte[] ascii = text.asciiBytes();
    // The window: bounds[2k], bounds[2k + 1] are the start and end of its k-th word, oldest
    // first, and same[k] the one character that word is made of (or MIXED).
    int[] bounds = new int[2 * SIZE];
    int[] same = new int[SIZE];
    int words = 0;
    int i = 0;
    while (true) {
      int c = -1;
      // The same loops on the bytes when there are bytes (each the character of its value).
      while (i < n && !wordChar(c = latin1 != null ? latin1[i] & 0xFF : s.charAt(i))) i++;
      if (i == n) return true;
      int start = i;
      int only = c;
      while (++i < n) {
        int d = latin1 != null ? latin1[i] & 0xFF : s.charAt(i);
        if (!wordChar(d)) break;
        if (d != c) only = MIXED;
      }
      System.arraycopy(bounds, 2, bounds, 0, 2 * SIZE - 2);
      System.arraycopy(same, 1, same, 0, SIZE - 1);
      bounds[2 * SIZE - 2] = start;
      bounds[2 * SIZE - 1] = i;
      same[SIZE - 1] = only;
      if (++words < SIZE) continue;
      int length = SIZE - 1;
      boolean trivial = same[0] != MIXED;
      for (int k = 0; k < SIZE; k++) {
        length += bounds[2 * k + 1] - bounds[2 * k];
        trivial &= same[k] == same[0];
      }
      if (length >= ValueExtractor.MIN_SHINGLE_LENGTH && !trivial && !sink.acceptShingle(s, ascii, bounds)) return false;
    }
  }

  /** The shingle at {@code bounds} as a string (see {@link ValueExtractor.Sink#acceptShingle}). */
  static String join(String text, int[] bounds) {
    var sb = new StringBuilder();
    for (int k = 0; k < bounds.length; k += 2) {
      if (k > 0) sb.append(' ');
      sb.append(text, bounds[k], bounds[k + 1]);
    }
    return sb.toString();
  }

  /**
   * Writes the shingle at {@code bounds} of an ASCII text into {@code into} as {@link #join} would
   * spell it, and returns its length; or, when it does not fit, minus the length it needs.
   */
  static int join(byte[] ascii, int[] bounds, byte[] into) {
    int length = bounds.length / 2 - 1;
    for (int k = 0; k < bounds.length; k += 2) length += bounds[k + 1] - bounds[k];
    if (length > into.length) return -length;
    int at = 0;
    for (int k = 0; k < bounds.length; k += 2) {
      if (k > 0) into[at++] = ' ';
      System.arraycopy(ascii, bounds[k], into, at, bounds[k + 1] - bounds[k]);
      at += bounds[k + 1] - bounds[k];
    }
    return length;
  }

  /** Feeds the shingle at {@code bounds} to a hasher as {@link #join} would spell it. */
  static Fingerprints.Hasher feed(Fingerprints.Hasher hasher, String text, int[] bounds) {
    for (int k = 0; k < bounds.length; k += 2) {
      if (k > 0) hasher.put(' ');
      hasher.put(text, bounds[k], bounds[k + 1]);
    }
    return hasher;
  }

  /** Whether the words are separated by single spaces in the text itself: the shingle is then one stretch of it. */
  static boolean contiguous(byte[] ascii, int[] bounds) {
    for (int k = 1; k + 1 < bounds.length; k += 2) {
      if (bounds[k] + 1 != bounds[k + 1] || ascii[bounds[k]] != ' ') return false;
    }
    return true;
  }

  private static boolean wordChar(int c) {
    if (c < 0x80) return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
    return Character.isLetterOrDigit((char) c);
  }
}
