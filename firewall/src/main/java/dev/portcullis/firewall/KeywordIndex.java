package dev.portcullis.firewall;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of a set of keywords in one pass (Aho–Corasick, compiled to a table-driven
 * automaton over ASCII plus one class for everything else). Keywords are matched against folded
 * text, so they should be lower case. A non-ASCII character in a keyword matches any non-ASCII
 * character: the index is a prefilter, and rules confirm what it finds.
 */
final class KeywordIndex {
  private static final int ALPHABET = 129;
  private final int[] delta;
  private final int[][] outputs;
  private final int[] lengths;

  /** Receives keyword occurrences in order of their end offsets. */
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
    delta = new int[states * ALPHABET];
    int[] fail = new int[states];
    var queue = new ArrayDeque<Integer>();
    for (int a = 0; a < ALPHABET; a++) {
      int t = next.get(0)[a];
      delta[a] = Math.max(t, 0);
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
          fail[t] = delta[fail[s] * ALPHABET + a];
          delta[s * ALPHABET + a] = t;
          queue.add(t);
        } else {
          delta[s * ALPHABET + a] = delta[fail[s] * ALPHABET + a];
        }
      }
    }
    outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      outputs[s] = out.get(s).isEmpty() ? null : out.get(s).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }

  private static int column(char c) { return c < 128 ? c : 128; }

  /** Reports every keyword occurrence in a text. */
  void scan(CharSequence text, Hits hits) {
    int state = 0;
    int[] d = delta;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      state = d[state * ALPHABET + (c < 128 ? c : 128)];
      int[] o = outputs[state];
      if (o != null) {
        for (int k : o) hits.hit(k, i + 1 - lengths[k], i + 1);
      }
    }
  }
}
