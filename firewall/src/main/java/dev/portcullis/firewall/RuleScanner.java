package dev.portcullis.firewall;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a set of keyword rules over a text: one keyword pass over the folded text finds where each
 * rule could match, overlapping neighbourhoods are merged, and each rule's pattern runs only in its
 * neighbourhoods. The cost is linear in the text plus the size of the neighbourhoods, which is what
 * keeps a 100 KB tool result well under a millisecond when rules seldom apply.
 */
final class RuleScanner {
  private final List<KeywordRule> rules;
  private final KeywordIndex index;
  private final int[][] rulesOfKeyword;
  private final int[] unfiltered;

  /** Receives matches; {@code offset} is added to the matcher's positions to get text offsets. */
  interface Matches {
    void match(int rule, Matcher matcher, int offset);
  }

  RuleScanner(List<KeywordRule> rules) {
    this.rules = List.copyOf(rules);
    var words = new ArrayList<String>();
    var owners = new ArrayList<List<Integer>>();
    var unfilteredRules = new ArrayList<Integer>();
    var positions = new java.util.HashMap<String, Integer>();
    for (int r = 0; r < this.rules.size(); r++) {
      List<String> kws = this.rules.get(r).keywords();
      if (kws.isEmpty()) unfilteredRules.add(r);
      for (String kw : kws) {
        String word = kw.toLowerCase(Locale.ROOT);
        Integer at = positions.get(word);
        if (at == null) {
          at = words.size();
          positions.put(word, at);
          words.add(word);
          owners.add(new ArrayList<>());
        }
        if (!owners.get(at).contains(r)) owners.get(at).add(r);
      }
    }
    index = new KeywordIndex(words);
    rulesOfKeyword = owners.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    unfiltered = unfilteredRules.stream().mapToInt(Integer::intValue).toArray();
  }

  List<KeywordRule> rules() { return rules; }

  /**
   * Scans a text. Keywords are looked up in {@code folded}; patterns run on {@code matchOn}, which
   * must have the same length (either the folded text or the case-preserving scan text).
   */
  void scan(CharSequence folded, CharSequence matchOn, Matches matches) {
    int n = matchOn.length();
    int[] winStart = new int[rules.size()];
    int[] winEnd = new int[rules.size()];
    java.util.Arrays.fill(winStart, -1);
    @SuppressWarnings("unchecked")
    List<int[]>[] windows = new List[rules.size()];
    index.scan(folded, (keyword, start, end) -> {
      for (int r : rulesOfKeyword[keyword]) {
        KeywordRule rule = rules.get(r);
        int from = Math.max(0, start - rule.before());
        int to = (int) Math.min(n, (long) end + rule.after());
        if (winStart[r] >= 0 && from <= winEnd[r]) {
          winEnd[r] = Math.max(winEnd[r], to);
          winStart[r] = Math.min(winStart[r], from);
        } else {
          if (winStart[r] >= 0) add(windows, r, winStart[r], winEnd[r]);
          winStart[r] = from;
          winEnd[r] = to;
        }
      }
    });
    for (int r = 0; r < rules.size(); r++) {
      if (winStart[r] >= 0) add(windows, r, winStart[r], winEnd[r]);
    }
    for (int r : unfiltered) add(windows, r, 0, n);
    for (int r = 0; r < rules.size(); r++) {
      if (windows[r] == null) continue;
      Matcher m = null;
      for (int[] w : windows[r]) {
        CharSequence window = w[0] == 0 && w[1] == n ? matchOn : new Slice(matchOn, w[0], w[1]);
        if (m == null) m = rules.get(r).pattern().matcher(window);
        else m.reset(window);
        while (m.find()) {
          matches.match(r, m, w[0]);
          if (m.end() == m.start() && m.end() >= window.length()) break;
        }
      }
    }
  }

  private static void add(List<int[]>[] windows, int r, int from, int to) {
    if (windows[r] == null) windows[r] = new ArrayList<>(2);
    windows[r].add(new int[] {from, to});
  }
}
