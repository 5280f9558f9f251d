package dev.portcullis.firewall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies removals and redactions to an original text. Edits are given in original offsets; an edit
 * inside a removed stretch disappears with it, overlapping edits are merged into one.
 */
final class Rewriter {
  private final List<int[]> ranges = new ArrayList<>();
  private final List<String> replacements = new ArrayList<>();

  /** Removes [start, end). */
  void remove(int start, int end) { add(start, end, ""); }

  /** Replaces [start, end) with a placeholder. */
  void replace(int start, int end, String placeholder) { add(start, end, placeholder); }

  private void add(int start, int end, String replacement) {
    if (end <= start) return;
    ranges.add(new int[] {start, end, replacements.size()});
    replacements.add(replacement);
  }

  boolean isEmpty() { return ranges.isEmpty(); }

  /** The original with the edits applied. */
  String apply(String original) {
    if (ranges.isEmpty()) return original;
    ranges.sort(Comparator.<int[]>comparingInt(r -> r[0]).thenComparingInt(r -> -r[1]));
    var sb = new StringBuilder(original.length());
    int at = 0;
    int i = 0;
    while (i < ranges.size()) {
      int[] r = ranges.get(i);
      int start = r[0];
      int end = r[1];
      String replacement = replacements.get(r[2]);
      int j = i + 1;
      // Edits starting inside this one are merged: one contained in it goes with it (a redaction inside
      // a removed stretch, a match inside a larger one); one reaching past it extends it.
      while (j < ranges.size() && ranges.get(j)[0] < end) {
        int[] next = ranges.get(j);
        if (next[1] > end) {
          end = next[1];
          if (replacement.isEmpty()) replacement = replacements.get(next[2]);
        }
        j++;
      }
      if (start > at) sb.append(original, at, start);
      sb.append(replacement);
      at = Math.max(at, end);
      i = j;
    }
    if (at < original.length()) sb.append(original, at, original.length());
    return sb.toString();
  }
}
