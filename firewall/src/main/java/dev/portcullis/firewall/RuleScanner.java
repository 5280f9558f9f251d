package dev.portcullis.firewall;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a set of keyword rules over a text: one keyword pass over the folded text finds where each
 * rule could match (and where its near terms are); anchored rules are tried at each keyword, windowed
 * rules search merged neighbourhoods of their keywords. The cost is linear in the text plus the
 * neighbourhoods actually searched, which is what keeps a 100 KB tool result well under a millisecond
 * when rules seldom apply.
 */
final class RuleScanner {
  private final List<KeywordRule> rules;
  /* The rules again, as an array: the scan looks one up for every keyword occurrence. */
  private final KeywordRule[] byNumber;
  /*
   * What each rule runs: its pattern, or for an anchored rule the pattern tied to the start of the
   * window. A match there is all lookingAt() can report either way; tied, the engine gives up as soon
   * as no alternative is left, instead of stepping on through the rest of the window (RE2/J stops an
   * anchored search early only for patterns that begin with \A).
   */
  private final Pattern[] patterns;
  private final KeywordIndex index;
  private final int[] lengths;
  private final int[][] rulesOfKeyword;
  private final int[][] nearOfRule;
  private final boolean[][] nearTerms;
  private final boolean[] isNear;
  private final boolean[] wordStartOnly;
  private final int[] unfiltered;
  private final List<String> words;
  /* Set at most once, before the scanner is published with the firewall that shares it; a record, so seen whole or not at all. */
  private Shared shared;
  private final ThreadLocal<Scratch> scratch;

  /* The pass, this scanner's numbers of its keywords, and its workspace slot (its member number). */
  private record Shared(KeywordPass pass, int[] localOf, int slot) {}

  /** Receives matches; {@code offset} is added to the matcher's positions to get text offsets. */
  interface Matches {
    void match(int rule, Matcher matcher, int offset);
  }

  RuleScanner(List<KeywordRule> rules) {
    this.rules = List.copyOf(rules);
    byNumber = this.rules.toArray(KeywordRule[]::new);
    int count = this.rules.size();
    patterns = this.rules.stream().map(RuleScanner::compiled).toArray(Pattern[]::new);
    scratch = ThreadLocal.withInitial(() -> new Scratch(count, new Hits()));
    var words = new ArrayList<String>();
    var owners = new ArrayList<List<Integer>>();
    Map<String, Integer> positions = new HashMap<>();
    var unfilteredRules = new ArrayList<Integer>();
    nearOfRule = new int[this.rules.size()][];
    for (int r = 0; r < this.rules.size(); r++) {
      KeywordRule rule = this.rules.get(r);
      if (rule.keywords().isEmpty()) unfilteredRules.add(r);
      for (String kw : rule.keywords()) {
        int at = word(kw, words, owners, positions);
        if (!owners.get(at).contains(r)) owners.get(at).add(r);
      }
      nearOfRule[r] = rule.near().stream().mapToInt(t -> word(t, words, owners, positions)).toArray();
    }
    this.words = List.copyOf(words);
    index = new KeywordIndex(words);
    lengths = words.stream().mapToInt(String::length).toArray();
    rulesOfKeyword = owners.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    isNear = new boolean[words.size()];
    for (int[] near : nearOfRule) {
      for (int w : near) isNear[w] = true;
    }
    // A keyword that only starts anchored rules is of no use inside a word: drop such hits at once.
    wordStartOnly = new boolean[words.size()];
    for (int k = 0; k < words.size(); k++) {
      boolean anchoredOnly = rulesOfKeyword[k].length > 0 && !isNear[k] && Character.isLetterOrDigit(words.get(k).charAt(0));
      for (int r : rulesOfKeyword[k]) anchoredOnly &= this.rules.get(r).anchored();
      wordStartOnly[k] = anchoredOnly;
    }
    unfiltered = unfilteredRules.stream().mapToInt(Integer::intValue).toArray();
    nearTerms = new boolean[this.rules.size()][];
    for (int r = 0; r < nearOfRule.length; r++) {
      if (nearOfRule[r].length == 0) continue;
      nearTerms[r] = new boolean[words.size()];
      for (int w : nearOfRule[r]) nearTerms[r][w] = true;
    }
  }

  /* The pattern a rule runs: an anchored rule's bound to the start of its window (see {@code patterns}). */
  private static Pattern compiled(KeywordRule rule) {
    Pattern p = rule.pattern();
    return rule.anchored() ? Pattern.compile("\\A(?:" + p.pattern() + ")", p.flags()) : p;
  }

  private static int word(String term, List<String> words, List<List<Integer>> owners, Map<String, Integer> positions) {
    String w = term.toLowerCase(Locale.ROOT);
    Integer at = positions.get(w);
    if (at == null) {
      at = words.size();
      positions.put(w, at);
      words.add(w);
      owners.add(new ArrayList<>());
    }
    return at;
  }

  List<KeywordRule> rules() { return rules; }

  /**
   * Lets the scanners find their keywords in one shared pass over each text instead of one pass each.
   * Called once, when the scanners are wired together, before any of them scans. Returns the pass.
   */
  static KeywordPass share(List<RuleScanner> scanners) {
    var pass = new KeywordPass(scanners.stream().map(s -> s.words).toList());
    for (int m = 0; m < scanners.size(); m++) scanners.get(m).shared = new Shared(pass, pass.localOf(m), m);
    return pass;
  }

  /**
   * Scans a text. Keywords are looked up in {@code folded}; patterns run on {@code matchOn}, which
   * must have the same length (either the folded text or the case-preserving scan text).
   */
  void scan(CharSequence folded, CharSequence matchOn, Matches matches) {
    Scratch state = acquire();
    try {
      Hits hits = state.hits;
      index.scan(folded, (keyword, start, end) -> {
        if (rulesOfKeyword[keyword].length > 0 || isNear[keyword]) hits.add(keyword, start);
      });
      run(hits, folded, matchOn, matches, state, null);
    } finally {
      state.release();
    }
  }

  /**
   * Scans a normalised text: keywords in its folded text, patterns on the folded or the scan text.
   * Detectors ask {@link #mayMatch} first, so as to set nothing up for a text without their keywords.
   */
  void scan(NormalizedText text, boolean matchFolded, Matches matches) {
    Workspace w = text.workspace();
    Shared s = shared;
    // Only a scanner of a shared pass has a slot in workspaces; one on its own keeps its state per thread.
    Scratch kept = w == null || s == null ? null : w.scratch(s.slot(), () -> new Scratch(rules.size(), new Hits()));
    Scratch state = kept == null ? acquire() : acquire(kept);
    try {
      scan(text, matchFolded, matches, state);
    } finally {
      state.release();
    }
  }

  /**
   * False when a scan of the text cannot match: the shared pass found none of this scanner's
   * keywords in it, and every rule needs one. A detector then need not prepare to collect matches.
   * Without a shared pass this cannot be known before the scan, and the answer is true.
   */
  boolean mayMatch(NormalizedText text) {
    Shared s = shared;
    if (s == null || unfiltered.length > 0) return true;
    KeywordPass.Occurrences o = s.pass().occurrences(text);
    int[] localOf = s.localOf();
    int[] keywords = o.keywords();
    for (int i = 0; i < o.size(); i++) {
      if (localOf[keywords[i]] >= 0) return true;
    }
    return false;
  }

  private void scan(NormalizedText text, boolean matchFolded, Matches matches, Scratch state) {
    Hits hits = state.hits;
    char[] chars = text.keywordChars();
    Shared s = shared;
    if (s == null) {
      index.scan(chars, (keyword, start, end) -> keep(keyword, start, chars, hits));
    } else {
      KeywordPass.Occurrences o = s.pass().occurrences(text);
      int[] localOf = s.localOf();
      int[] keywords = o.keywords();
      int[] starts = o.starts();
      for (int i = 0; i < o.size(); i++) {
        int keyword = localOf[keywords[i]];
        if (keyword >= 0) keep(keyword, starts[i], chars, hits);
      }
    }
    CharSequence folded = hits.size == 0 && unfiltered.length == 0 ? null : text.foldedView();
    if (folded == null) return;
    run(hits, folded, matchFolded ? folded : text.text(), matches, state, text.parts());
  }

  /* Keeps a keyword occurrence that can start or support a rule (a word-start keyword inside a word cannot). */
  private void keep(int keyword, int start, char[] chars, Hits hits) {
    if (wordStartOnly[keyword]) {
      char before = start > 0 ? Folding.fold(chars[start - 1]) : ' ';
      if (Character.isLetterOrDigit(before) || before == '_') return;
    } else if (rulesOfKeyword[keyword].length == 0 && !isNear[keyword]) {
      return;
    }
    hits.add(keyword, start);
  }

  /*
   * This thread's working state, or a fresh one when a scan of this scanner is already under way on
   * it. Inspections keep theirs in their workspace instead (requests run on virtual threads, each new).
   */
  private Scratch acquire() { return acquire(scratch.get()); }

  /* {@code state}, or a fresh one when it is busy with another scan. */
  private Scratch acquire(Scratch state) {
    if (state.busy) state = new Scratch(rules.size(), new Hits());
    state.busy = true;
    return state;
  }

  /*
   * Tries the rules at their keywords. In a joined text ({@code parts} not null) each keyword's rules
   * read only the part the keyword lies in, every window ending where the part does, so each string
   * gives the matches it would give scanned alone; a keyword across a separator is in none of them.
   */
  private void run(Hits hits, CharSequence folded, CharSequence matchOn, Matches matches, Scratch state, TextParts parts) {
    int n = matchOn.length();
    int[] lastEnd = state.lastEnd;
    int[] winStart = state.winStart;
    int[] winEnd = state.winEnd;
    List<int[]>[] windows = state.windows;
    int part = 0;
    for (int h = 0; h < hits.size; h++) {
      int keyword = hits.keywords[h];
      int start = hits.starts[h];
      int end = start + lengths[keyword];
      int lo = 0;
      int hi = n;
      if (parts != null) {
        part = parts.endingAtOrAfter(end, part);
        if (part == parts.count() || start < parts.start(part)) continue;
        lo = parts.start(part);
        hi = parts.end(part);
      }
      for (int r : rulesOfKeyword[keyword]) {
        KeywordRule rule = byNumber[r];
        int reach = (int) Math.min(hi, (long) end + rule.after());
        if (rule.anchored()) {
          // lastEnd holds the end of the rule's last match: a keyword inside it starts no new match.
          if (start < state.lastEnd(r) || !startsWord(folded, start) || !near(r, hits, start, reach, state)) continue;
          CharSequence window = new Slice(matchOn, start, reach);
          Matcher m = state.matcher(r, patterns[r], window);
          if (m.lookingAt() && m.end() > 0) {
            lastEnd[r] = start + m.end();
            matches.match(r, m, start);
          }
          continue;
        }
        int from = Math.max(lo, start - rule.before());
        if (!near(r, hits, from, reach, state)) continue;
        state.touch(r);
        if (winStart[r] >= 0 && from <= winEnd[r]) {
          winEnd[r] = Math.max(winEnd[r], reach);
          winStart[r] = Math.min(winStart[r], from);
        } else {
          if (winStart[r] >= 0) state.window(r, winStart[r], winEnd[r]);
          winStart[r] = from;
          winEnd[r] = reach;
        }
      }
    }
    for (int r : unfiltered) state.touch(r);
    // Windowed rules report in rule order, as they always have: findings keep a stable order.
    int[] touched = state.sortedTouched();
    for (int r : touched) {
      if (winStart[r] >= 0) state.window(r, winStart[r], winEnd[r]);
    }
    for (int r : unfiltered) {
      if (parts == null) {
        state.window(r, 0, n);
      } else {
        for (int p = 0; p < parts.count(); p++) state.window(r, parts.start(p), parts.end(p));
      }
    }
    for (int r : touched) {
      if (windows[r] == null) continue;
      KeywordRule rule = byNumber[r];
      if (rule.starts() != null) {
        for (int[] w : windows[r]) searchFromStarts(r, rule, patterns[r], matchOn, w[0], w[1], state, matches);
        continue;
      }
      Matcher m = null;
      for (int[] w : windows[r]) {
        CharSequence window = w[0] == 0 && w[1] == n ? matchOn : new Slice(matchOn, w[0], w[1]);
        m = m == null ? state.matcher(r, patterns[r], window) : m.reset(window);
        while (m.find()) {
          matches.match(r, m, w[0]);
          if (m.end() == m.start() && m.end() >= window.length()) break;
        }
      }
    }
  }

  /*
   * Searches a window of a rule that says where its matches can start: each search begins at the
   * earliest possible start, and after a match at the next one, so stretches where the rule cannot
   * match are not searched. The matches are those a search of the whole window finds.
   */
  private static void searchFromStarts(int r, KeywordRule rule, Pattern pattern, CharSequence matchOn, int from, int to, Scratch state,
                                       Matches matches) {
    Matcher m = null;
    int at = from;
    while (at < to) {
      int start = rule.starts().earliest(matchOn, at, to);
      if (start < 0) return;
      if (start < at || start > to) throw new IllegalStateException("rule " + rule.id() + " points outside its window");
      if (m == null) m = state.matcher(r, pattern, new Slice(matchOn, from, to));
      // find(int) searches from a position of the same window: what comes before it still counts for \b and the like.
      if (!m.find(start - from)) return;
      matches.match(r, m, from);
      at = from + (m.end() > m.start() ? m.end() : m.end() + 1);
    }
  }

  /**
   * Working state of one scan, kept between scans in a result's workspace or per thread: the keyword
   * hits, where each rule's last match ended, its open window, its windows, and its matcher
   * (re-creating matchers cost more than running them on short texts). Only the rules a scan
   * touched are reset afterwards, so a scan that finds few
   * keywords costs little however many rules there are. Matchers are pointed at an empty text
   * when a scan ends, so no scanned text outlives its scan here.
   */
  private static final class Scratch {
    final int[] lastEnd;
    final int[] winStart;
    final int[] winEnd;
    final Matcher[] matchers;
    final List<int[]>[] windows;
    final boolean[] active;
    final boolean[] used;
    /* Per rule: whether one of its near terms occurs in the text (NEAR_PRESENT, NEAR_ABSENT), 0 before it is looked at. */
    final byte[] nearInText;
    /* The rules whose near terms this scan looked for, reset when it ends. */
    int[] looked = new int[8];
    int lookedCount;
    int[] touched = new int[8];
    int touchedCount;
    int[] usedMatchers = new int[8];
    int usedCount;
    boolean busy;
    final Hits hits;

    @SuppressWarnings("unchecked")
    Scratch(int rules, Hits hits) {
      this.hits = hits;
      lastEnd = new int[rules];
      winStart = new int[rules];
      winEnd = new int[rules];
      java.util.Arrays.fill(winStart, -1);
      matchers = new Matcher[rules];
      windows = new List[rules];
      active = new boolean[rules];
      used = new boolean[rules];
      nearInText = new byte[rules];
    }

    /* Marks a rule as used by this scan, so that its state is reset when the scan ends. */
    void touch(int r) {
      if (active[r]) return;
      active[r] = true;
      if (touchedCount == touched.length) touched = Arrays.copyOf(touched, touchedCount * 2);
      touched[touchedCount++] = r;
    }

    /* Notes what the scan found out about a rule's near terms in its text. */
    void lookedForNear(int r, byte known) {
      nearInText[r] = known;
      if (lookedCount == looked.length) looked = Arrays.copyOf(looked, lookedCount * 2);
      looked[lookedCount++] = r;
    }

    int lastEnd(int r) {
      touch(r);
      return lastEnd[r];
    }

    void window(int r, int from, int to) {
      if (windows[r] == null) windows[r] = new ArrayList<>(2);
      windows[r].add(new int[] {from, to});
    }

    Matcher matcher(int r, Pattern pattern, CharSequence input) {
      Matcher m = matchers[r];
      if (!used[r]) {
        used[r] = true;
        if (usedCount == usedMatchers.length) usedMatchers = Arrays.copyOf(usedMatchers, usedCount * 2);
        usedMatchers[usedCount++] = r;
      }
      if (m == null) return matchers[r] = pattern.matcher(input);
      return m.reset(input);
    }

    int[] sortedTouched() {
      int[] t = Arrays.copyOf(touched, touchedCount);
      Arrays.sort(t);
      return t;
    }

    void release() {
      for (int i = 0; i < touchedCount; i++) {
        int r = touched[i];
        active[r] = false;
        lastEnd[r] = 0;
        winStart[r] = -1;
        winEnd[r] = 0;
        windows[r] = null;
      }
      for (int i = 0; i < lookedCount; i++) nearInText[looked[i]] = 0;
      lookedCount = 0;
      touchedCount = 0;
      for (int i = 0; i < usedCount; i++) {
        int r = usedMatchers[i];
        used[r] = false;
        matchers[r].reset("");
      }
      usedCount = 0;
      hits.clear();
      busy = false;
    }
  }

  /*
   * Whether one of the rule's near terms (if it has any) occurs within [from, to). Only the hits of
   * near terms are looked at: every other hit is a term of no rule, and skipping them changes nothing.
   */
  private boolean near(int rule, Hits hits, int from, int to, Scratch state) {
    boolean[] terms = nearTerms[rule];
    if (terms == null) return true;
    if (hits.nearSize == 0) return false;
    // Most texts hold none of a rule's near terms anywhere: known after one look, that rejects each of its keywords at once.
    byte known = state.nearInText[rule];
    if (known == 0) {
      known = NEAR_ABSENT;
      for (int w : nearOfRule[rule]) {
        if (hits.present[w]) {
          known = NEAR_PRESENT;
          break;
        }
      }
      state.lookedForNear(rule, known);
    }
    if (known == NEAR_ABSENT) return false;
    int[] ends = hits.nearEnds;
    int lo = 0;
    int hi = hits.nearSize;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] <= from) lo = mid + 1;
      else hi = mid;
    }
    int[] keywords = hits.nearKeywords;
    for (int h = lo; h < hits.nearSize; h++) {
      int end = ends[h];
      if (end > to) return false;
      if (end - lengths[keywords[h]] >= from && terms[keywords[h]]) return true;
    }
    return false;
  }

  /* What Scratch.nearInText holds for a rule once looked at: one of its near terms occurs in the text, or none does. */
  private static final byte NEAR_PRESENT = 1;
  private static final byte NEAR_ABSENT = 2;

  /* A keyword that begins with a letter or digit must not continue a word ("reignore" is not "ignore"). */
  private static boolean startsWord(CharSequence folded, int start) {
    if (start == 0 || !Character.isLetterOrDigit(folded.charAt(start))) return true;
    char before = folded.charAt(start - 1);
    return !Character.isLetterOrDigit(before) && before != '_';
  }

  /**
   * Keyword occurrences in the order found (by end offset), with the near terms among them also
   * listed apart. Kept with the working state and cleared after each scan, so that a result of
   * many strings does not grow new arrays for each.
   */
  private final class Hits {
    /* Arrays longer than this are let go after a scan rather than kept for the next one. */
    private static final int KEPT = 4096;
    private static final int[] NONE = new int[0];
    /* Allocated on the first keyword: most short strings have none. */
    int[] keywords = NONE;
    int[] starts = NONE;
    int size;
    /* The hits of near terms alone, by end offset: what the near checks read. */
    int[] nearKeywords = NONE;
    int[] nearEnds = NONE;
    int nearSize;
    /* Per keyword: whether it occurs in the text as a near term; set by add, cleared with the hits. */
    final boolean[] present = new boolean[lengths.length];

    void clear() {
      for (int h = 0; h < nearSize; h++) present[nearKeywords[h]] = false;
      size = 0;
      nearSize = 0;
      if (keywords.length > KEPT) {
        keywords = NONE;
        starts = NONE;
      }
      if (nearKeywords.length > KEPT) {
        nearKeywords = NONE;
        nearEnds = NONE;
      }
    }

    void add(int keyword, int start) {
      if (size == keywords.length) {
        keywords = Arrays.copyOf(keywords, Math.max(16, size * 2));
        starts = Arrays.copyOf(starts, Math.max(16, size * 2));
      }
      keywords[size] = keyword;
      starts[size] = start;
      size++;
      if (!isNear[keyword]) return;
      if (nearSize == nearKeywords.length) {
        nearKeywords = Arrays.copyOf(nearKeywords, Math.max(16, nearSize * 2));
        nearEnds = Arrays.copyOf(nearEnds, Math.max(16, nearSize * 2));
      }
      nearKeywords[nearSize] = keyword;
      nearEnds[nearSize] = start + lengths[keyword];
      nearSize++;
      present[keyword] = true;
    }
  }
}
