package dev.portcullis.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Inspects one string: normalises it, runs the detectors, decides an action per finding and rewrites
 * the original (hidden content stripped, redactions replaced). The strings of a result that holds
 * many are examined ahead of the walk that reports them, read as one joined text
 * ({@link #examineAhead}). One instance serves one direction.
 */
final class TextInspector {
  /*
   * Shorter printable ASCII cannot hold anything a detector reports: the shortest are an email address
   * (a@b.cd) and a phone number's seven digits; hidden content is never printable ASCII.
   */
  private static final int MIN_LENGTH = 6;
  /*
   * From this many characters, a text (or a result's strings together) is inspected on two threads
   * when the firewall has helper threads: below it, handing work over costs about what it saves.
   */
  static final int PARALLEL_MIN = 32 * 1024;
  private final Detector[] detectors;
  /* Per detector: whether it runs on the helper thread (it drives no keyword pass of its own). */
  private final boolean[] beside;
  /* Per detector: whether it runs on the helper yet reads the shared keyword pass (health identifiers), so must wait for it. */
  private final boolean[] waitsForPass;
  private final KeywordPass pass;
  /* Whether every detector can read many strings joined into one text (see examineAhead). */
  private final boolean joinable;
  private final Executor helper;
  private final Set<Category> categories;
  private final InjectionClassifier classifier;
  private final ClassifierSettings classifierSettings;
  private final Function<Finding, Action> decide;
  private final boolean stripHidden;
  private final UnaryOperator<Finding> recast;
  /* Where inspections find their workspaces, or null to work without (every text gets new arrays). */
  private final Workspace.Pool workspaces;

  TextInspector(List<Detector> detectors, Set<Category> categories, InjectionClassifier classifier,
                ClassifierSettings classifierSettings, Function<Finding, Action> decide, boolean stripHidden,
                UnaryOperator<Finding> recast) {
    this(detectors, categories, classifier, classifierSettings, decide, stripHidden, recast, null, null, null);
  }

  /**
   * An inspector that reads long texts on two threads: the detectors that work without the shared
   * keyword pass (hidden content, exfiltration, personal data) on {@code helper}, beside the ones
   * that drive it, while the pass itself is split between the two.
   *
   * @param pass       the keyword pass the detectors share, or {@code null}
   * @param helper     where the second thread's work is offered, or {@code null} for one thread
   * @param workspaces where inspections find their workspaces, or {@code null} to work without
   */
  TextInspector(List<Detector> detectors, Set<Category> categories, InjectionClassifier classifier,
                ClassifierSettings classifierSettings, Function<Finding, Action> decide, boolean stripHidden,
                UnaryOperator<Finding> recast, KeywordPass pass, Executor helper, Workspace.Pool workspaces) {
    this.workspaces = workspaces;
    this.detectors = detectors.toArray(Detector[]::new);
    this.beside = new boolean[this.detectors.length];
    this.waitsForPass = new boolean[this.detectors.length];
    for (int i = 0; i < this.detectors.length; i++) {
      Detector d = this.detectors[i];
      beside[i] = d instanceof HiddenContentDetector || d instanceof ExfiltrationDetector || d instanceof PersonalDataDetector;
      waitsForPass[i] = d instanceof PersonalDataDetector;
    }
    boolean all = true;
    for (Detector d : this.detectors) all &= d instanceof ScansJoinedText;
    this.joinable = all;
    this.pass = pass;
    this.helper = helper;
    this.categories = Set.copyOf(categories);
    this.classifier = classifier;
    this.classifierSettings = classifierSettings;
    this.decide = decide;
    this.stripHidden = stripHidden;
    this.recast = recast;
  }

  /**
   * What inspecting one string gives, wherever it was found: the findings with the action decided for
   * each, and the string to pass on ({@code null} when it passes unchanged).
   */
  record Examined(List<Finding> findings, List<Action> actions, String rewritten) {
    static final Examined NOTHING = new Examined(List.of(), List.of(), null);
  }

  /**
   * Inspects a string found at {@code where}, adds its hits to {@code hits}, and returns the string to
   * pass on. The path is built only when there is a hit to report at it.
   */
  String inspect(JsonLocation where, String text, List<Inspection.Hit> hits) {
    Workspace w = takeWorkspace();
    try {
      return report(examine(text, w), where, text, hits);
    } finally {
      giveBack(w);
    }
  }

  /** A workspace for the inspection of one result on this thread, or {@code null} when the inspector works without. */
  Workspace takeWorkspace() { return workspaces == null ? null : workspaces.take(); }

  /** Gives back a workspace from {@link #takeWorkspace()} once the result's inspection is over. */
  void giveBack(Workspace w) {
    if (w != null) workspaces.giveBack(w);
  }

  /** Adds the hits of an examined string found at {@code where} and returns the string to pass on. */
  String report(Examined examined, JsonLocation where, String text, List<Inspection.Hit> hits) {
    List<Finding> findings = examined.findings();
    if (!findings.isEmpty()) {
      String path = where.path().toString();
      for (int i = 0; i < findings.size(); i++) hits.add(new Inspection.Hit(path, findings.get(i), examined.actions().get(i)));
    }
    return examined.rewritten() == null ? text : examined.rewritten();
  }

  /** Inspects a string in a result's workspace ({@code null} for none): its findings, their actions, and what to pass on. */
  Examined examine(String text, Workspace workspace) {
    if (text.length() < MIN_LENGTH && printableAscii(text)) return Examined.NOTHING;
    boolean parallel = helper != null && pass != null && text.length() >= PARALLEL_MIN;
    NormalizedText normalized = parallel ? Normalizer.normalize(text, helper, workspace) : Normalizer.normalize(text, workspace);
    try {
      return examine(text, normalized, parallel);
    } finally {
      normalized.release();
    }
  }

  private Examined examine(String text, NormalizedText normalized, boolean parallel) {
    List<Finding> findings = List.of();
    if (parallel && normalized.text().length() >= PARALLEL_MIN) {
      List<Finding>[] found = scanInParallel(normalized);
      for (List<Finding> f : found) findings = keep(f, findings);
    } else {
      for (Detector d : detectors) findings = keep(d.scan(normalized), findings);
    }
    if (classifier != null && normalized.text().length() >= classifierSettings.minChars()) {
      double p = classifier.probability(normalized.text());
      if (p >= classifierSettings.threshold()) {
        if (findings.isEmpty()) findings = new ArrayList<>();
        findings.add(recast.apply(new Finding("classifier", Category.INJECTION, "injection.classifier", p, 0,
            normalized.text().length(), "injection")));
      }
    }
    if (findings.isEmpty() && (normalized.hidden().isEmpty() || !stripHidden)) return Examined.NOTHING;
    var rewriter = new Rewriter();
    boolean strip = stripHidden;
    var actions = new ArrayList<Action>(findings.size());
    for (Finding f : findings) {
      Action action = decide.apply(f);
      actions.add(action);
      if (action != Action.REDACT) continue;
      if (f.category() == Category.HIDDEN_CONTENT) {
        // Redacting hidden content means removing it, with nothing in its place.
        strip = true;
        continue;
      }
      int start = normalized.originalStart(f.start());
      int end = normalized.originalEnd(f.end());
      rewriter.replace(start, end, "[redacted:" + f.typeLabel() + "]");
    }
    if (strip) {
      for (HiddenSpan h : normalized.hidden()) rewriter.remove(h.originalStart(), h.originalEnd());
    }
    String out = rewriter.isEmpty() ? text : rewriter.apply(text);
    return new Examined(List.copyOf(findings), List.copyOf(actions), out.equals(text) ? null : out);
  }

  /* Strings up to this long are examined once per result however often they occur (keys, statuses). */
  static final int REMEMBERED_MAX = 64;

  /**
   * Examines a string of one result, remembering the outcome of short ones in {@code recent}: the
   * keys of a list of records, and values such as statuses, repeat in every record, and what a
   * string holds does not depend on where it occurs.
   */
  Examined examine(String text, Recent recent, Workspace workspace) {
    if (text.length() < MIN_LENGTH && printableAscii(text)) return Examined.NOTHING;
    if (text.length() > REMEMBERED_MAX) return examine(text, workspace);
    Examined e = recent.get(text);
    if (e == null) {
      e = examine(text, workspace);
      recent.put(text, e);
    }
    return e;
  }

  /**
   * The outcomes of the short strings one result examined most recently, in a small table indexed
   * by hash where a newer string displaces an older one: repeated keys and statuses are found at
   * once, and a result of all different strings costs no more than a look-up each (a growing map
   * would rehash thousands of unique ids as it grew).
   */
  static final class Recent {
    private static final int SIZE = 256;
    private final String[] strings = new String[SIZE];
    private final Examined[] outcomes = new Examined[SIZE];

    Examined get(String text) {
      int slot = text.hashCode() & (SIZE - 1);
      String s = strings[slot];
      return s != null && s.equals(text) ? outcomes[slot] : null;
    }

    void put(String text, Examined outcome) {
      int slot = text.hashCode() & (SIZE - 1);
      strings[slot] = text;
      outcomes[slot] = outcome;
    }
  }

  /* A result needs this many strings worth examining before they are examined ahead: fewer cost little one by one. */
  static final int AHEAD_MIN = 16;
  /* At most this many characters are joined into one text; a result with more is read in several. */
  static final int JOIN_MAX = 256 * 1024;
  /* Slots of the table that finds repeated short strings. */
  private static final int REPEATS = 1024;

  /**
   * The strings of a JSON value examined ahead of the walk that reports them, when there are enough
   * of them: a result of many short strings (a list of records) would otherwise cost the set-up of
   * every detector for each string, and no single text is long enough to be split.
   *
   * <p>The strings that need no normalising (printable ASCII, and characters beyond it that NFKC
   * keeps: the common case) are joined into one text, a line break between each two, and every
   * detector reads that text once
   * ({@link ScansJoinedText}). Only the strings something was found in are then examined one by
   * one, as are strings that need normalising; of the others it is known that they hold nothing.
   * The outcomes are exactly those of examining each string alone. Each distinct short string is
   * examined once (a repeat is found unless a string with the same table slot came in between).
   * With a helper and enough text, the helper takes the second half of the strings, in a workspace
   * of its own. The walk then takes each string's outcome in the order the strings were collected.
   *
   * <p>{@code null} when a classifier is configured (it reads each string alone), a detector cannot
   * read joined text, the value nests too deep (the walk refuses it), or there is too little to gain.
   */
  Ahead examineAhead(Object json, int maxDepth, Workspace workspace) {
    if (classifier != null || !joinable) return null;
    // Without a helper the strings are copied into their joined text as they are collected, while
    // each is in the caches: the result's strings are read once, not once to collect, once to look
    // repeats up and once to copy. With one, the half it takes is only known at the end.
    var collected = new Collected(helper == null ? workspace : null, helper == null);
    try {
      if (!collected.add(json, 0, maxDepth)) return null;
      int count = collected.count;
      String[] distinct = collected.distinct;
      int distinctCount = collected.distinctCount;
      long total = collected.total;
      boolean shared = helper != null && total >= PARALLEL_MIN;
      if (count < AHEAD_MIN && !shared) return null;
      Examined[] outcomes = new Examined[distinctCount];
      if (shared) {
        int cut = 0;
        for (long sum = 0; cut < distinctCount && sum < total / 2; cut++) sum += distinct[cut].length() + 1;
        int from = cut;
        int to = distinctCount;
        var secondHalf = new Offered(() -> {
          // A workspace of its own: the one given is this thread's, and the half may run on another.
          Workspace mine = takeWorkspace();
          try {
            examineJoined(distinct, from, to, outcomes, mine);
          } finally {
            giveBack(mine);
          }
        });
        Offered.offer(helper, secondHalf);
        examineJoined(distinct, 0, from, outcomes, workspace);
        secondHalf.join();
      } else {
        int copied = collected.copied;
        if (copied > 0) {
          char[] chars = collected.chars;
          char[] lent = collected.lent;
          // The joined text now owns the array (and gives it back to the workspace when done).
          collected.chars = null;
          collected.lent = null;
          examineJoined(distinct, 0, copied, chars, lent, collected.starts, collected.ends, collected.at, outcomes, workspace);
        }
        examineJoined(distinct, copied, distinctCount, outcomes, workspace);
      }
      return new Ahead(collected.strings, count, collected.slots, outcomes, collected.walkNeeded);
    } finally {
      collected.release();
    }
  }

  /* Examines strings[from, to) joined, in texts of at most JOIN_MAX characters; see examineAhead. */
  private void examineJoined(String[] strings, int from, int to, Examined[] outcomes, Workspace workspace) {
    while (from < to) {
      int end = from;
      long length = 0;
      while (end < to && (end == from || length + strings[end].length() + 1 <= JOIN_MAX)) length += strings[end++].length() + 1;
      examineJoined(strings, from, end, (int) length, outcomes, workspace);
      from = end;
    }
  }

  /* Examines strings[from, to), of {@code length} characters with a separator after each, joined into one text. */
  private void examineJoined(String[] strings, int from, int to, int length, Examined[] outcomes, Workspace workspace) {
    char[] lent = workspace == null ? null : workspace.lend(length);
    char[] chars = lent == null ? new char[length] : lent;
    int n = to - from;
    int[] starts = new int[n];
    int[] ends = new int[n];
    int at = 0;
    for (int p = 0; p < n; p++) {
      String s = strings[from + p];
      s.getChars(0, s.length(), chars, at);
      starts[p] = at;
      at += s.length();
      ends[p] = at;
      chars[at++] = '\n';
    }
    examineJoined(strings, from, to, chars, lent, starts, ends, at, outcomes, workspace);
  }

  /*
   * Examines strings[from, to), copied into chars[0, at) with a separator after each, string
   * {@code from + p} at [starts[p], ends[p]); chars is {@code lent} from the workspace, or the
   * caller's own when lent is null. Overwrites starts and ends.
   */
  private void examineJoined(String[] strings, int from, int to, char[] chars, char[] lent, int[] starts, int[] ends, int at,
                             Examined[] outcomes, Workspace workspace) {
    int n = to - from;
    // One reading of the whole text: the strings that need normalising are examined alone, and their
    // characters blanked here, where they cannot hide what their neighbours hold.
    boolean[] alone = new boolean[n];
    int[] part = {0};
    int traits = Normalizer.keptTraits(chars, 0, at, i -> {
      int p = part[0];
      // Offsets come in order, then comment openers in a second reading from the start.
      if (i < starts[p]) p = 0;
      while (ends[p] < i) p++;
      part[0] = p;
      if (!alone[p]) {
        alone[p] = true;
        java.util.Arrays.fill(chars, starts[p], ends[p], ' ');
      }
    }) & NormalizedText.ALL_TRAITS;
    int[] stringOf = new int[n];
    int parts = 0;
    for (int p = 0; p < n; p++) {
      if (alone[p]) continue;
      starts[parts] = starts[p];
      ends[parts] = ends[p];
      stringOf[parts++] = from + p;
    }
    boolean[] marked = new boolean[parts];
    if (parts > 0) {
      var textParts = new TextParts(starts, ends, parts);
      NormalizedText joined = NormalizedText.joined(new String(chars, 0, at - 1), chars, traits, textParts)
          .in(workspace, lent);
      try {
        for (Detector d : detectors) mark(((ScansJoinedText) d).candidates(joined), textParts, marked);
      } finally {
        joined.release();
      }
    } else if (lent != null) {
      workspace.giveBack(lent);
    }
    for (int q = 0; q < parts; q++) {
      int i = stringOf[q];
      outcomes[i] = marked[q] ? examine(strings[i], workspace) : Examined.NOTHING;
    }
    for (int p = 0; p < n; p++) {
      if (alone[p]) outcomes[from + p] = examine(strings[from + p], workspace);
    }
  }

  /* Marks every part a span overlaps or, empty, lies on. */
  private static void mark(List<Finding> spans, TextParts parts, boolean[] marked) {
    for (Finding f : spans) {
      for (int p = Math.max(0, parts.before(f.start())); p < parts.count() && parts.start(p) <= f.end(); p++) {
        if (f.start() <= parts.end(p)) marked[p] = true;
      }
    }
  }

  /**
   * The strings the walk will examine one by one, in the order it visits them (object keys before
   * their values); long texts, which are split on their own, and short printable ones, which need no
   * work, are left out. Also notes whether the walk has anything to do besides taking the strings'
   * outcomes: a long text, a number or character it reads as text, or a value it refuses.
   *
   * <p>Each string is looked up among those collected before as it comes (a short one seen before is
   * the same string again) and, when copying, a new one is copied at once into the joined text the
   * detectors will read, while it is in the caches: up to {@link #JOIN_MAX} characters, after which
   * the rest are copied when they are examined.
   */
  private static final class Collected {
    String[] strings = new String[64];
    /* Per collected string, the index of its distinct string. */
    int[] slots = new int[64];
    int count;
    String[] distinct = new String[64];
    int distinctCount;
    /* The characters of the distinct strings with a separator after each. */
    long total;
    boolean walkNeeded;
    /* By the low bits of their hash, the distinct short strings seen last: their whole hash and slot. */
    private final String[] seen = new String[REPEATS];
    private final int[] seenHash = new int[REPEATS];
    private final int[] seenSlot = new int[REPEATS];
    /* The joined text: distinct[0, copied) at [starts[i], ends[i]) of chars[0, at). */
    private boolean copying;
    private final Workspace workspace;
    char[] chars;
    /* chars when lent from the workspace, else null. */
    char[] lent;
    int[] starts;
    int[] ends;
    int at;
    int copied;

    Collected(Workspace workspace, boolean copying) {
      this.workspace = workspace;
      this.copying = copying;
      if (copying) {
        lent = workspace == null ? null : workspace.lend(0);
        chars = lent == null ? new char[4096] : lent;
        starts = new int[64];
        ends = new int[64];
      }
    }

    /*
     * Adds what a value holds; false when it is nested deeper than the walk allows (the walk refuses
     * it). Tests of type in order of how often they come, and lists by index: this runs for every
     * value of a result.
     */
    boolean add(Object value, int depth, int maxDepth) {
      if (depth > maxDepth) return false;
      if (value instanceof String s) {
        add(s);
      } else if (value instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (e.getKey() instanceof String key) add(key);
          else walkNeeded = true;
          if (!add(e.getValue(), depth + 1, maxDepth)) return false;
        }
      } else if (value instanceof List<?> l && value instanceof java.util.RandomAccess) {
        for (int i = 0, n = l.size(); i < n; i++) {
          if (!add(l.get(i), depth + 1, maxDepth)) return false;
        }
      } else if (value instanceof java.util.Collection<?> c) {
        for (Object item : c) {
          if (!add(item, depth + 1, maxDepth)) return false;
        }
      } else if (value instanceof Number n) {
        if (JsonWalk.scanned(n)) walkNeeded = true;
      } else if (value != null && !(value instanceof Boolean)) {
        // A character the walk reads as text, or a value it refuses.
        walkNeeded = true;
      }
      return true;
    }

    private void add(String s) {
      int length = s.length();
      if (length >= PARALLEL_MIN) {
        walkNeeded = true;
        return;
      }
      if (length < MIN_LENGTH && printableAscii(s)) return;
      int h = -1;
      int hash = 0;
      int slot = -1;
      if (length <= REMEMBERED_MAX) {
        hash = s.hashCode();
        h = hash & (REPEATS - 1);
        // The whole hash first: ids and dates of one length share slots, and comparing their
        // characters would read a second string for nothing.
        String other = seen[h];
        if (other != null && seenHash[h] == hash && (other == s || other.equals(s))) slot = seenSlot[h];
      }
      if (slot < 0) {
        slot = distinctCount;
        if (slot == distinct.length) distinct = java.util.Arrays.copyOf(distinct, 2 * slot);
        distinct[distinctCount++] = s;
        total += length + 1;
        if (h >= 0) {
          seen[h] = s;
          seenHash[h] = hash;
          seenSlot[h] = slot;
        }
        if (copying) copy(s, length);
      }
      if (count == strings.length) {
        strings = java.util.Arrays.copyOf(strings, 2 * count);
        slots = java.util.Arrays.copyOf(slots, 2 * count);
      }
      strings[count] = s;
      slots[count++] = slot;
    }

    /* Copies the newest distinct string into the joined text, or stops copying once it would grow past JOIN_MAX. */
    private void copy(String s, int length) {
      int end = at + length + 1;
      if (end > JOIN_MAX) {
        copying = false;
        return;
      }
      if (end > chars.length) grow(end);
      if (copied == starts.length) {
        starts = java.util.Arrays.copyOf(starts, 2 * copied);
        ends = java.util.Arrays.copyOf(ends, 2 * copied);
      }
      s.getChars(0, length, chars, at);
      starts[copied] = at;
      at += length;
      ends[copied++] = at;
      chars[at++] = '\n';
    }

    /* Moves the joined text to an array of at least {@code length}: the workspace's, grown, when it lent the last. */
    private void grow(int length) {
      char[] old = chars;
      char[] bigger = null;
      if (lent != null) {
        workspace.giveBack(lent);
        lent = workspace.lend(Math.max(length, 2 * old.length));
        bigger = lent;
      }
      if (bigger == null) bigger = new char[Math.max(length, 2 * old.length)];
      System.arraycopy(old, 0, bigger, 0, at);
      chars = bigger;
    }

    /* Gives the joined text's array back to the workspace unless it was handed on. */
    void release() {
      if (lent != null) workspace.giveBack(lent);
      lent = null;
      chars = null;
    }
  }

  /** Outcomes examined ahead, taken in order by the walk; a string the walk meets out of turn is examined then. */
  static final class Ahead {
    private final String[] strings;
    private final int[] slots;
    private final Examined[] outcomes;
    private final int count;
    private final boolean quiet;
    private int next;

    Ahead(String[] strings, int count, int[] slots, Examined[] outcomes, boolean walkNeeded) {
      this.strings = strings;
      this.count = count;
      this.slots = slots;
      this.outcomes = outcomes;
      boolean nothing = !walkNeeded;
      for (int i = 0; i < outcomes.length && nothing; i++) nothing = outcomes[i] == Examined.NOTHING;
      this.quiet = nothing;
    }

    /*
     * Whether the walk would report nothing and change nothing: every string it visits was examined
     * ahead and holds nothing, and it meets no long text, no number or character it reads as text,
     * and no value it refuses. The result then passes as it is, without the walk.
     */
    boolean quiet() { return quiet; }

    /** The outcome of this very string if it is the next one collected, else {@code null}. */
    Examined take(String text) {
      if (next < count && strings[next] == text) return outcomes[slots[next++]];
      return null;
    }
  }

  /* Adds the findings of categories this inspector reports to {@code findings}, which may be List.of(). */
  private List<Finding> keep(List<Finding> found, List<Finding> findings) {
    // Indexed, not iterated: this runs for every string of a result, and most find nothing.
    for (int i = 0, n = found.size(); i < n; i++) {
      Finding f = found.get(i);
      if (!categories.contains(f.category())) continue;
      if (findings.isEmpty()) findings = new ArrayList<>();
      findings.add(recast.apply(f));
    }
    return findings;
  }

  /*
   * Runs every detector over a long text on this thread and a helper, and returns each detector's
   * findings in detector order, as one thread would have found them. The helper scans the second
   * half of the keyword pass, then runs the detectors that stand beside it (waiting for the whole
   * pass before one that reads it); this thread scans the first half, publishes the pass, and runs
   * the rest. Work the helper has not started by the time this thread needs it is done here.
   */
  @SuppressWarnings("unchecked")
  private List<Finding>[] scanInParallel(NormalizedText normalized) {
    List<Finding>[] found = new List[detectors.length];
    // Worked out before the helper starts, so neither thread builds them while the other reads.
    normalized.textChars();
    KeywordPass.Split split = pass.split(normalized);
    var passReady = new CountDownLatch(1);
    Thread caller = Thread.currentThread();
    var secondHalf = new Offered(split::secondHalf);
    var besideWork = new Offered(() -> {
      for (int i = 0; i < detectors.length; i++) {
        if (!beside[i]) continue;
        // Only another thread may wait for the pass: an executor that ran this work inline, on the
        // calling thread, would wait for itself. The detector then makes the pass on its own.
        if (waitsForPass[i] && Thread.currentThread() != caller) Offered.awaitUninterruptibly(passReady);
        found[i] = detectors[i].scan(normalized);
      }
    });
    Offered.offer(helper, () -> {
      secondHalf.run();
      besideWork.run();
    });
    try {
      split.firstHalf();
      secondHalf.join();
      split.publish();
    } finally {
      // Also on failure: the helper must never wait for a pass that will not come.
      passReady.countDown();
    }
    for (int i = 0; i < detectors.length; i++) {
      if (!beside[i]) found[i] = detectors[i].scan(normalized);
    }
    besideWork.join();
    return found;
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7F) return false;
    }
    return true;
  }
}
