package dev.portcullis.firewall;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of a set of keywords in one pass (Aho–Corasick, compiled to a table-driven
 * automaton over ASCII plus one class for everything else). Characters that occur in no keyword
 * share one column of the table, which keeps the table small enough to stay in the processor's
 * caches: each character of the text costs one look-up in it. Keywords are matched against the text
 * as {@link Folding} folds it, so they must be lower case: every character of the text is read as
 * its folded form (a capital as its small letter, a Cyrillic look-alike as the Latin letter), so a
 * text is scanned as it is, without a folded copy, and finds what a scan of its folded copy finds. A
 * non-ASCII character in a keyword matches any character that folds to a non-ASCII one: the index is
 * a prefilter, and rules confirm what it finds.
 */
final class KeywordIndex {
  private static final int ALPHABET = 129;
  /*
   * The table column of every char, as an unsigned byte: one look-up without a branch. Only the
   * ASCII lines of it are read often, so it costs little cache.
   */
  private final byte[] columns = new byte[Character.MAX_VALUE + 1];
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
      if (!word.equals(word.toLowerCase(java.util.Locale.ROOT))) throw new IllegalArgumentException("keyword not in lower case: " + word);
      lengths[k] = word.length();
      int state = 0;
      for (int i = 0; i < word.length(); i++) {
        int a = column(Folding.fold(word.charAt(i)));
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
    // States renumbered in breadth-first order: the shallow states a text keeps returning to share a
    // few neighbouring rows of the table, so the rows read most stay in the fastest cache.
    int[] order = new int[states];
    int ordered = 1;
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
      order[ordered++] = s;
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
    int[] renumbered = new int[states];
    for (int r = 0; r < states; r++) renumbered[order[r]] = r;
    outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      List<Integer> o = out.get(order[s]);
      outputs[s] = o.isEmpty() ? null : o.stream().mapToInt(Integer::intValue).toArray();
    }
    // Column 0 is for every character class no keyword uses: from any state they all lead where a
    // character that starts no keyword does.
    boolean[] used = new boolean[ALPHABET];
    for (String word : keywords) {
      for (int i = 0; i < word.length(); i++) used[column(Folding.fold(word.charAt(i)))] = true;
    }
    char[] columnOf = new char[ALPHABET];
    int w = 1;
    for (int a = 0; a < ALPHABET; a++) {
      if (used[a]) {
        columnOf[a] = (char) w++;
      }
    }
    width = w;
    // Each character reads as what folding makes of it: one table holds both steps.
    for (int c = 0; c <= Character.MAX_VALUE; c++) columns[c] = (byte) columnOf[column(Folding.fold((char) c))];
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
        int target = renumbered[full[order[s] * ALPHABET + a]];
        delta[s * width + columnOf[a]] = outputs[target] == null ? target * width : ~target;
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
   * offsets.
   */
  void scan(char[] text, Hits hits) { run(text, 0, text.length, 0, hits, null); }

  /** The length of the longest keyword. */
  int maxLength() { return maxLength; }

  /**
   * Reports the keyword occurrences that end in (after, to], running the automaton from its start
   * at {@code from}. With {@code from <= after - maxLength() + 1} (or {@code from == 0}) these are
   * exactly the occurrences a scan of the whole text reports with ends in that range, in the same
   * order: a keyword ending past {@code after} starts at or after {@code from}. Two threads can so
   * scan the two halves of one text.
   */
  void scan(char[] text, int from, int to, int after, Hits hits) { scan(text, from, to, after, hits, null); }

  /**
   * As {@link #scan(char[], int, int, int, Hits)}, noting where keywords end in {@code notes} (at
   * least {@link #NOTES} long, its contents ignored; {@code null} for a new array when one is needed):
   * a caller that scans text after text keeps one instead of each long text clearing a new one.
   */
  void scan(char[] text, int from, int to, int after, Hits hits, long[] notes) {
    if (from < 0 || to > text.length || from > to || from > 0 && from > after - maxLength + 1) {
      throw new IllegalArgumentException("range [" + from + ", " + to + ") cannot report every keyword ending after " + after);
    }
    if (notes != null && notes.length < NOTES) throw new IllegalArgumentException("notes shorter than " + NOTES);
    run(text, from, to, after, hits, notes);
  }

  /*
   * Long ranges are read as four quarters at once: each step of an automaton waits for the one
   * before, and independent automata keep the processor busy while each waits. Each later automaton
   * starts early enough to see keywords that straddle its quarter's start, and reports only those
   * ending past it.
   */
  private void run(char[] text, int from, int to, int after, Hits hits, long[] notes) {
    int n = to - from;
    if (n < 4096) {
      run(text, from, to, 0, after, hits);
      return;
    }
    int b1 = from + n / 4;
    int b2 = from + n / 2;
    int b3 = to - n / 4;
    int f1 = Math.max(from, b1 - maxLength + 1);
    int f2 = Math.max(from, b2 - maxLength + 1);
    int f3 = Math.max(from, b3 - maxLength + 1);
    int common = Math.min(Math.min(b1 - from, b2 - f1), Math.min(b3 - f2, to - f3));
    // Where a keyword ends, a step only notes the state and position; the notes of a chunk are
    // reported after it (the first quarter's) or kept until the quarters before have reported theirs.
    long[] noted = notes == null ? new long[NOTES] : notes;
    int[] rows = new int[4];
    int[] counts = new int[4];
    var kept = new Kept(f1, f2, f3);
    for (int chunk = 0; chunk < common; chunk += CHUNK) {
      steps(text, delta, columns, width, from, f1, f2, f3, rows, counts, noted, chunk, Math.min(common, chunk + CHUNK));
      replay(noted, 0, counts[0], from, after, hits);
      kept.add(noted, counts);
    }
    // Finish each quarter where the common stretch left it, reporting the quarters in order.
    run(text, from + common, b1, rows[0], after, hits);
    kept.replay(1, b1, hits);
    run(text, f1 + common, b2, rows[1], b1, hits);
    kept.replay(2, b2, hits);
    run(text, f2 + common, b3, rows[2], b2, hits);
    kept.replay(3, b3, hits);
    run(text, f3 + common, to, rows[3], b3, hits);
  }

  /* The notes of the later quarters, as (state, end offset), held until the quarters before have reported. */
  private final class Kept {
    private final long[][] notes = {null, new long[64], new long[64], new long[64]};
    private final int[] sizes = new int[4];
    private final int[] starts;

    Kept(int f1, int f2, int f3) { starts = new int[] {0, f1, f2, f3}; }

    void add(long[] noted, int[] counts) {
      for (int k = 1; k < 4; k++) {
        int base = k * CHUNK;
        int count = counts[k] - base;
        if (count == 0) continue;
        long[] a = notes[k];
        int size = sizes[k];
        if (size + count > a.length) notes[k] = a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, size + count));
        long start = starts[k] + 1;
        for (int j = 0; j < count; j++) a[size + j] = noted[base + j] + start;
        sizes[k] = size + count;
      }
    }

    void replay(int k, int after, Hits hits) {
      long[] a = notes[k];
      for (int j = 0, n = sizes[k]; j < n; j++) {
        int end = (int) a[j];
        if (end > after) report((int) (a[j] >>> 32), end, hits);
      }
    }
  }

  /*
   * Steps four automata over text[s0 + i], text[s1 + i], ... for i in [from, to), starting from
   * rows[] and leaving their rows there; notes (state, i) in noted[k * CHUNK, ...) for automaton k
   * wherever it steps into a reporting state, counting them in counts[] (which ends as the end of
   * each automaton's notes). Kept static and apart, with everything in locals: it is the loop a
   * 100 KB result spends most of its keyword pass in.
   */
  private static void steps(char[] text, int[] d, byte[] col, int w, int s0, int s1, int s2, int s3, int[] rows,
                            int[] counts, long[] noted, int from, int to) {
    int r0 = rows[0];
    int r1 = rows[1];
    int r2 = rows[2];
    int r3 = rows[3];
    int n0 = 0;
    int n1 = CHUNK;
    int n2 = 2 * CHUNK;
    int n3 = 3 * CHUNK;
    for (int i = from; i < to; i++) {
      int t0 = d[r0 + (col[text[s0 + i]] & 0xFF)];
      int t1 = d[r1 + (col[text[s1 + i]] & 0xFF)];
      int t2 = d[r2 + (col[text[s2 + i]] & 0xFF)];
      int t3 = d[r3 + (col[text[s3 + i]] & 0xFF)];
      // Keywords end seldom: one test for the four automata, and four only where one of them reports.
      if ((t0 | t1 | t2 | t3) < 0) {
        if (t0 < 0) {
          noted[n0++] = (long) ~t0 << 32 | i;
          t0 = ~t0 * w;
        }
        if (t1 < 0) {
          noted[n1++] = (long) ~t1 << 32 | i;
          t1 = ~t1 * w;
        }
        if (t2 < 0) {
          noted[n2++] = (long) ~t2 << 32 | i;
          t2 = ~t2 * w;
        }
        if (t3 < 0) {
          noted[n3++] = (long) ~t3 << 32 | i;
          t3 = ~t3 * w;
        }
      }
      r0 = t0;
      r1 = t1;
      r2 = t2;
      r3 = t3;
    }
    rows[0] = r0;
    rows[1] = r1;
    rows[2] = r2;
    rows[3] = r3;
    counts[0] = n0;
    counts[1] = n1;
    counts[2] = n2;
    counts[3] = n3;
  }

  /* Positions of a chunk noted per automaton before their keywords are reported. */
  private static final int CHUNK = 1024;
  /** The length of the array a long text's scan notes keyword ends in (see {@link #scan(char[], int, int, int, Hits, long[])}). */
  static final int NOTES = 4 * CHUNK;

  /*
   * Reports the keywords of the noted steps noted[base, end), each a reporting state (high half)
   * the automaton stepped into at offset i (low half) from {@code start}: its keywords end at
   * start + i + 1. Only those ending past {@code after} are reported.
   */
  private void replay(long[] noted, int base, int end, int start, int after, Hits hits) {
    for (int k = base; k < end; k++) {
      int at = start + (int) noted[k] + 1;
      if (at > after) report((int) (noted[k] >>> 32), at, hits);
    }
  }

  /* Runs the automaton over text[from, to) from a row, reporting keywords that end past {@code after}. */
  private void run(char[] text, int from, int to, int row, int after, Hits hits) {
    int[] d = delta;
    byte[] col = columns;
    for (int i = from; i < to; i++) {
      int t = d[row + (col[text[i]] & 0xFF)];
      if (t < 0) {
        if (i + 1 > after) report(~t, i + 1, hits);
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
