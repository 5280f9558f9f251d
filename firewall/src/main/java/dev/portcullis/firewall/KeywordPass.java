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

  /** For member {@code m}: the member's own number of each keyword of the pass, or -1 where it is not the member's. */
  int[] localOf(int m) { return localOf[m]; }

  /** The occurrences in a text's folded form: found on the first call, remembered on the text for the others. */
  Occurrences occurrences(NormalizedText text) {
    Occurrences o = text.keywordOccurrences();
    if (o != null && o.pass() == this) return o;
    var found = new Collector();
    index.scan(text.foldedChars(), found);
    o = new Occurrences(this, found.keywords, found.starts, found.size);
    text.keywordOccurrences(o);
    return o;
  }

  private static final class Collector implements KeywordIndex.Hits {
    private static final int[] NONE = new int[0];
    /* Allocated on the first keyword: most short strings have none. */
    int[] keywords = NONE;
    int[] starts = NONE;
    int size;

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
