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
   * offsets. Long texts are read as four quarters at once: each step of an automaton waits for the
   * one before, and independent automata keep the processor busy while each waits.
   */
  void scan(char[] text, Hits hits) {
    int n = text.length;
    if (n < 4096) {
      run(text, 0, n, 0, 0, hits);
      return;
    }
    int b1 = n / 4;
    int b2 = n / 2;
    int b3 = n - n / 4;
    // Each later automaton starts early enough to see keywords that straddle its quarter's start; it reports only those ending past it.
    int f1 = Math.max(0, b1 - maxLength + 1);
    int f2 = Math.max(0, b2 - maxLength + 1);
    int f3 = Math.max(0, b3 - maxLength + 1);
    var l1 = new Later();
    var l2 = new Later();
    var l3 = new Later();
    int common = Math.min(Math.min(b1, b2 - f1), Math.min(b3 - f2, n - f3));
    int[] d = delta;
    char[] col = columns;
    int w = width;
    int r0 = 0;
    int r1 = 0;
    int r2 = 0;
    int r3 = 0;
    for (int i = 0; i < common; i++) {
      char c0 = text[i];
      char c1 = text[f1 + i];
      char c2 = text[f2 + i];
      char c3 = text[f3 + i];
      int t0 = d[r0 + col[c0 < 128 ? c0 : 128]];
      int t1 = d[r1 + col[c1 < 128 ? c1 : 128]];
      int t2 = d[r2 + col[c2 < 128 ? c2 : 128]];
      int t3 = d[r3 + col[c3 < 128 ? c3 : 128]];
      if (t0 < 0) {
        report(~t0, i + 1, hits);
        t0 = ~t0 * w;
      }
      if (t1 < 0) {
        if (f1 + i + 1 > b1) report(~t1, f1 + i + 1, l1);
        t1 = ~t1 * w;
      }
      if (t2 < 0) {
        if (f2 + i + 1 > b2) report(~t2, f2 + i + 1, l2);
        t2 = ~t2 * w;
      }
      if (t3 < 0) {
        if (f3 + i + 1 > b3) report(~t3, f3 + i + 1, l3);
        t3 = ~t3 * w;
      }
      r0 = t0;
      r1 = t1;
      r2 = t2;
      r3 = t3;
    }
    // Finish each quarter where the common stretch left it, then report the later quarters in order.
    run(text, common, b1, r0, 0, hits);
    run(text, f1 + common, b2, r1, b1, l1);
    run(text, f2 + common, b3, r2, b2, l2);
    run(text, f3 + common, n, r3, b3, l3);
    l1.replay(hits);
    l2.replay(hits);
    l3.replay(hits);
  }

  /* Runs the automaton over text[from, to) from a row, reporting keywords that end past {@code after}. */
  private void run(char[] text, int from, int to, int row, int after, Hits hits) {
    int[] d = delta;
    char[] col = columns;
    for (int i = from; i < to; i++) {
      char c = text[i];
      int t = d[row + col[c < 128 ? c : 128]];
      if (t < 0) {
        if (i + 1 > after) report(~t, i + 1, hits);
        t = ~t * width;
      }
      row = t;
    }
  }

  /* Keyword occurrences of a later quarter, held until the quarters before it have reported theirs. */
  private static final class Later implements Hits {
    private int[] keywords = new int[16];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int size;

    @Override public void hit(int keyword, int start, int end) {
      if (size == keywords.length) {
        keywords = java.util.Arrays.copyOf(keywords, size * 2);
        starts = java.util.Arrays.copyOf(starts, size * 2);
        ends = java.util.Arrays.copyOf(ends, size * 2);
      }
      keywords[size] = keyword;
      starts[size] = start;
      ends[size] = end;
      size++;
    }

    void replay(Hits hits) {
      for (int i = 0; i < size; i++) hits.hit(keywords[i], starts[i], ends[i]);
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
