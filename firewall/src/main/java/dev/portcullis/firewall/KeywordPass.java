package dev.portcullis.firewall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One keyword pass shared by several rule scanners: the union of their keywords in one automaton,
 * run once per text and remembered on the {@link NormalizedText}. Each detector that scans for
 * keywords (injection signals, secret rules, health identifiers) would otherwise read the whole text
 * again; reading a 100 KB result once instead of three times is most of what a firewall call costs.
 *
 * <p>Each member scanner sees only its own keywords, under its own numbers, in the order its own
 * automaton would report them (by end offset, longer keywords first at the same end).
 */
final class KeywordPass {
  private final KeywordIndex index;
  private final int[][] localOf;
  /* What a text without any of the keywords holds: shared, as most short strings are such. */
  private final Occurrences none = new Occurrences(this, Collector.NONE, Collector.NONE, 0);

  /** The occurrences of every keyword of the pass in one text, in order of end offsets. */
  record Occurrences(KeywordPass pass, int[] keywords, int[] starts, int size) {}

  /**
   * A pass over the given keyword lists (one per member, each already lower case and free of duplicates).
   */
  KeywordPass(List<List<String>> members) {
    var words = new ArrayList<String>();
    Map<String, Integer> positions = new HashMap<>();
    var locals = new ArrayList<int[]>();
    for (List<String> member : members) {
      for (String w : member) positions.computeIfAbsent(w, x -> {
        words.add(x);
        return words.size() - 1;
      });
    }
    for (List<String> member : members) {
      int[] local = new int[words.size()];
      java.util.Arrays.fill(local, -1);
      for (int i = 0; i < member.size(); i++) local[positions.get(member.get(i))] = i;
      locals.add(local);
    }
    index = new KeywordIndex(words);
    localOf = locals.toArray(int[][]::new);
  }

  /* The workspace slot of the pass's own working state; member m has slot m. */
  private int slot() { return localOf.length; }

  /** For member {@code m}: the member's own number of each keyword of the pass, or -1 where it is not the member's. */
  int[] localOf(int m) { return localOf[m]; }

  /** The occurrences in a text's folded form (see NormalizedText.keywordChars()): found on the first call, remembered on the text for the others. */
  Occurrences occurrences(NormalizedText text) {
    Occurrences o = text.keywordOccurrences();
    if (o != null && o.pass() == this) return o;
    // Collected in the inspection's workspace and copied out at their exact size: a result of many
    // strings then grows no new arrays for each.
    Workspace w = text.workspace();
    Collector kept = w == null ? null : w.scratch(slot(), Collector::new);
    Collector found = kept == null ? new Collector() : kept;
    try {
      index.scan(text.keywordChars(), 0, text.text().length(), 0, found, kept == null ? null : kept.notes());
      o = found.size == 0 ? none
          : new Occurrences(this, java.util.Arrays.copyOf(found.keywords, found.size), java.util.Arrays.copyOf(found.starts, found.size),
              found.size);
    } finally {
      found.clear();
    }
    text.keywordOccurrences(o);
    return o;
  }

  /**
   * The pass over one long text in two halves that two threads scan at once: {@link #secondHalf()}
   * on one, {@link #firstHalf()} on the other, then {@link #publish()} once both are done, which
   * leaves on the text what {@link #occurrences} would have found alone.
   */
  final class Split {
    private final NormalizedText text;
    private final char[] chars;
    private final int length;
    private final int middle;
    private final Collector first = new Collector();
    private final Collector second = new Collector();

    Split(NormalizedText text) {
      this.text = text;
      this.chars = text.keywordChars();
      this.length = text.text().length();
      this.middle = length / 2;
    }

    void firstHalf() { index.scan(chars, 0, middle, 0, first); }

    void secondHalf() { index.scan(chars, Math.max(0, middle - index.maxLength() + 1), length, middle, second); }

    /* The occurrences of both halves, in order, remembered on the text. */
    void publish() {
      int size = first.size + second.size;
      int[] keywords = java.util.Arrays.copyOf(first.keywords, size);
      int[] starts = java.util.Arrays.copyOf(first.starts, size);
      System.arraycopy(second.keywords, 0, keywords, first.size, second.size);
      System.arraycopy(second.starts, 0, starts, first.size, second.size);
      text.keywordOccurrences(new Occurrences(KeywordPass.this, keywords, starts, size));
    }
  }

  /** A pass over a long text in two halves (see {@link Split}). */
  Split split(NormalizedText text) { return new Split(text); }

  private static final class Collector implements KeywordIndex.Hits {
    private static final int[] NONE = new int[0];
    /* Arrays longer than this are let go when a kept collector is cleared. */
    private static final int KEPT = 4096;
    /* Allocated on the first keyword: most short strings have none. */
    int[] keywords = NONE;
    int[] starts = NONE;
    int size;
    /* Where the index notes keyword ends in a long text: made on the first, kept for the next. */
    private long[] notes;

    long[] notes() {
      if (notes == null) notes = new long[KeywordIndex.NOTES];
      return notes;
    }

    void clear() {
      size = 0;
      if (keywords.length > KEPT) {
        keywords = NONE;
        starts = NONE;
      }
    }

    @Override public void hit(int keyword, int start, int end) {
      if (size == keywords.length) {
        keywords = java.util.Arrays.copyOf(keywords, Math.max(16, size * 2));
        starts = java.util.Arrays.copyOf(starts, Math.max(16, size * 2));
      }
      keywords[size] = keyword;
      starts[size] = start;
      size++;
    }
  }
}
