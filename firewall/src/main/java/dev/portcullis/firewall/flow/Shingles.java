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
  /** In the window: no single character makes up the whole word. */
  private static final int MIXED = -1;

  private Shingles() {}

  /** Emits the shingles of a normalised text; false when the sink stopped it. */
  static boolean emit(String s, ValueExtractor.Sink sink) {
    final int size = ValueExtractor.SHINGLE;
    int[] starts = new int[size];
    int[] ends = new int[size];
    int[] sameChar = new int[size];
    int[] bounds = new int[2 * size];
    int words = 0;
    int n = s.length();
    for (int i = 0; i < n; ) {
      while (i < n && !wordChar(s.charAt(i))) i++;
      if (i == n) break;
      int start = i;
      char first = s.charAt(i);
      int same = first;
      while (i < n && wordChar(s.charAt(i))) {
        if (s.charAt(i) != first) same = MIXED;
        i++;
      }
      int slot = words % size;
      starts[slot] = start;
      ends[slot] = i;
      sameChar[slot] = same;
      words++;
      if (words < size) continue;
      int length = size - 1;
      boolean trivial = true;
      int oldest = words % size;
      int c = sameChar[oldest];
      for (int k = 0; k < size; k++) {
        int w = (oldest + k) % size;
        bounds[2 * k] = starts[w];
        bounds[2 * k + 1] = ends[w];
        length += ends[w] - starts[w];
        trivial &= sameChar[w] != MIXED && sameChar[w] == c;
      }
      if (length >= ValueExtractor.MIN_SHINGLE_LENGTH && !trivial && !sink.acceptShingle(s, bounds)) return false;
    }
    return true;
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

  /** Feeds the shingle at {@code bounds} to a hasher as {@link #join} would spell it. */
  static Fingerprints.Hasher feed(Fingerprints.Hasher hasher, String text, int[] bounds) {
    for (int k = 0; k < bounds.length; k += 2) {
      if (k > 0) hasher.put(' ');
      hasher.put(text, bounds[k], bounds[k + 1]);
    }
    return hasher;
  }

  private static boolean wordChar(char c) {
    if (c < 0x80) return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
    return Character.isLetterOrDigit(c);
  }
}
