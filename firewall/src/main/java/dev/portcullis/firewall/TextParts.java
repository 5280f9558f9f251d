package dev.portcullis.firewall;

import java.util.Arrays;

/**
 * Where the strings of a joined text lie: a result of many short strings is read as one text, the
 * strings one after another with a line break between each two (see {@link TextInspector}). Part
 * {@code p} is {@code [start(p), end(p))}; parts are in text order and never touch, so every
 * character between two parts is a separator that belongs to neither.
 */
final class TextParts {
  private final int[] starts;
  private final int[] ends;
  private final int count;

  /* The parts [starts[p], ends[p]) for p below count; the arrays are the caller's and must not change afterwards. */
  TextParts(int[] starts, int[] ends, int count) {
    for (int p = 0; p < count; p++) {
      if (ends[p] < starts[p] || p > 0 && starts[p] <= ends[p - 1]) {
        throw new IllegalArgumentException("parts must be in order and apart: part " + p);
      }
    }
    this.starts = starts;
    this.ends = ends;
    this.count = count;
  }

  int count() { return count; }

  int start(int p) { return starts[p]; }

  int end(int p) { return ends[p]; }

  /* The last part that starts at or before {@code offset}, or -1 when the offset lies before the first. */
  int before(int offset) {
    int k = Arrays.binarySearch(starts, 0, count, offset);
    return k >= 0 ? k : -k - 2;
  }

  /*
   * The first part that ends at or after {@code offset} ({@link #count()} when none does), found by
   * stepping on from part {@code from}, the answer for an earlier offset: spans met in order of their
   * ends then cost a step now and then instead of a search each. An offset before the one that gave
   * {@code from} is searched for.
   */
  int endingAtOrAfter(int offset, int from) {
    int p = from;
    if (p > 0 && ends[p - 1] >= offset) {
      int k = Arrays.binarySearch(ends, 0, count, offset);
      return k >= 0 ? k : -k - 1;
    }
    while (p < count && ends[p] < offset) p++;
    return p;
  }
}
