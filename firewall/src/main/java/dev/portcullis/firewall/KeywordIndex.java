package dev.portcullis.firewall;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of a set of keywords in one pass (Aho–Corasick, compiled to a table-driven
 * automaton over ASCII plus one class for everything else). Characters that occur in no keyword
 * share one column of the table, which keeps the table small enough to stay in the processor's
 * caches: each character of the text costs one look-up in it. Keywords are matched against folded
 * text, so they should be lower case. A non-ASCII character in a keyword matches any non-ASCII
 * character: the index is a prefilter, and rules confirm what it finds.
 */
final class KeywordIndex {
  private static final int ALPHABET = 129;
  /* The table column of each character class (ASCII, then one for all other characters). */
  private final char[] columns = new char[ALPHABET];
  private final int width;
  private final int[] delta;
  private final int[][] outputs;
  private final int[] lengths;
  private final int maxLength;

  /** Receives keyword occurrences, in order of their end offsets. */
  interface Hits {
    /** Keyword {@code keyword} occurs at [start, end). */
    void hit(int keyword, int start, int end);
  }

  KeywordIndex(List<String> keywords) {
    lengths = new int[keywords.size()];
    var next = new ArrayList<int[]>();
    var out = new ArrayList<List<Integer>>();
    next.add(newRow());
    out.add(new ArrayList<>());
    for (int k = 0; k < keywords.size(); k++) {
      String word = keywords.get(k);
      if (word.isEmpty()) throw new IllegalArgumentException("empty keyword");
      lengths[k] = word.length();
      int state = 0;
      for (int i = 0; i < word.length(); i++) {
        int a = column(word.charAt(i));
        if (next.get(state)[a] < 0) {
          next.get(state)[a] = next.size();
          next.add(newRow());
          out.add(new ArrayList<>());
        }
        state = next.get(state)[a];
      }
      out.get(state).add(k);
    }
    int states = next.size();
    int[] full = new int[states * ALPHABET];
    int[] fail = new int[states];
    var queue = new ArrayDeque<Integer>();
    for (int a = 0; a < ALPHABET; a++) {
      int t = next.get(0)[a];
      full[a] = Math.max(t, 0);
      if (t > 0) {
        fail[t] = 0;
        queue.add(t);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      out.get(s).addAll(out.get(fail[s]));
      for (int a = 0; a < ALPHABET; a++) {
        int t = next.get(s)[a];
        if (t > 0) {
          fail[t] = full[fail[s] * ALPHABET + a];
          full[s * ALPHABET + a] = t;
          queue.add(t);
        } else {
          full[s * ALPHABET + a] = full[fail[s] * ALPHABET + a];
        }
      }
    }
    outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      outputs[s] = out.get(s).isEmpty() ? null : out.get(s).stream().mapToInt(Integer::intValue).toArray();
    }
    // Column 0 is for every character class no keyword uses: from any state they all lead where a
    // character that starts no keyword does.
    boolean[] used = new boolean[ALPHABET];
    for (String word : keywords) {
      for (int i = 0; i < word.length(); i++) used[column(word.charAt(i))] = true;
    }
    int w = 1;
    for (int a = 0; a < ALPHABET; a++) {
      if (used[a]) {
        columns[a] = (char) w++;
      }
    }
    width = w;
    int unused = -1;
    for (int a = 0; a < ALPHABET && unused < 0; a++) {
      if (!used[a]) unused = a;
    }
    int[] delta = new int[states * width];
    // The table holds each target premultiplied by the row width (its row's offset), or the complement
    // of the state's number when it reports keywords: one load and one sign test per character, and
    // a multiplication only where a keyword ends.
    for (int s = 0; s < states; s++) {
      for (int a = 0; a < ALPHABET; a++) {
        if (a != unused && !used[a]) continue;
        int target = full[s * ALPHABET + a];
        delta[s * width + columns[a]] = outputs[target] == null ? target * width : ~target;
      }
    }
    this.delta = delta;
    maxLength = keywords.stream().mapToInt(String::length).max().orElse(0);
  }

  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }

  private static int column(char c) { return c < 128 ? c : 128; }

  /**
   * Reports every keyword occurrence in a text held as an array (the fast path), in order of end
   * offsets. Long texts are read as two halves at once: each step of an automaton waits for the one
   * before, and two independent automata keep the processor busy while each waits.
   */
  void scan(char[] text, Hits hits) {
    int n = text.length;
    if (n < 4096) {
      run(text, 0, n, 0, hits);
      return;
    }
    int mid = n / 2;
    // The second automaton starts early enough to see keywords that straddle the middle; it reports only those ending past it.
    int from2 = Math.max(0, mid - maxLength + 1);
    int[] d = delta;
    char[] col = columns;
    int w = width;
    int row1 = 0;
    int row2 = 0;
    var later = new Hits() {
      int[] k = new int[64];
      int[] e = new int[64];
      int size;

      @Override public void hit(int keyword, int start, int end) {
        if (size == k.length) {
          k = java.util.Arrays.copyOf(k, size * 2);
          e = java.util.Arrays.copyOf(e, size * 2);
        }
        k[size] = keyword;
        e[size] = end;
        size++;
      }
    };
    int len1 = mid;
    int len2 = n - from2;
    int common = Math.min(len1, len2);
    for (int i = 0; i < common; i++) {
      char a = text[i];
      char b = text[from2 + i];
      int t1 = d[row1 + col[a < 128 ? a : 128]];
      int t2 = d[row2 + col[b < 128 ? b : 128]];
      if (t1 < 0) {
        report(~t1, i + 1, hits);
        t1 = ~t1 * w;
      }
      if (t2 < 0) {
        if (from2 + i + 1 > mid) report(~t2, from2 + i + 1, later);
        t2 = ~t2 * w;
      }
      row1 = t1;
      row2 = t2;
    }
    // Finish whichever half is longer (the second, by at most a keyword's length).
    for (int i = common; i < len2; i++) {
      char b = text[from2 + i];
      int t2 = d[row2 + col[b < 128 ? b : 128]];
      if (t2 < 0) {
        if (from2 + i + 1 > mid) report(~t2, from2 + i + 1, later);
        t2 = ~t2 * w;
      }
      row2 = t2;
    }
    for (int i = 0; i < later.size; i++) hits.hit(later.k[i], later.e[i] - lengths[later.k[i]], later.e[i]);
  }

  private void run(char[] text, int from, int to, int row, Hits hits) {
    int[] d = delta;
    char[] col = columns;
    for (int i = from; i < to; i++) {
      char c = text[i];
      int t = d[row + col[c < 128 ? c : 128]];
      if (t < 0) {
        report(~t, i + 1, hits);
        t = ~t * width;
      }
      row = t;
    }
  }

  private void report(int state, int end, Hits hits) {
    for (int k : outputs[state]) hits.hit(k, end - lengths[k], end);
  }

  /** Reports every keyword occurrence in a text, in order of end offsets. */
  void scan(CharSequence text, Hits hits) {
    int n = text.length();
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) chars[i] = text.charAt(i);
    scan(chars, hits);
  }
}
