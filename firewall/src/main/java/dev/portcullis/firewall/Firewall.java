package dev.portcullis.firewall;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The content firewall: inspects tool results and tool arguments with the detectors its settings
 * choose, decides what to do about each finding, and produces the content to pass on.
 *
 * <p>Built once from {@link FirewallSettings}; thread-safe; every call is a synchronous, CPU-only
 * function meant to run inline on the request path, on the calling thread unless helper threads
 * were asked for ({@link #create(FirewallSettings, int)}; {@code docs/benchmarks-firewall.md} says
 * what a 100 KB result costs either way). Rule files and the classifier are loaded when it is
 * built, never on a call.
 */
public final class Firewall implements AutoCloseable {
  private final FirewallSettings settings;
  private final Map<Direction, TextInspector> inspectors = new EnumMap<>(Direction.class);
  private final InjectionClassifier classifier;
  private final List<GitleaksRules.Problem> ruleProblems;
  private final ToolDescriptionScanner toolDescriptions;
  /* Threads that read the second half of long texts, or null on a single processor. */
  private final Executor helpers;
  /* Stops the helpers when the firewall is closed; nothing to do without them. */
  private final Runnable stopHelpers;
  /* The workspaces inspections of results work in, shared by every direction and thread. */
  private final Workspace.Pool workspaces = Workspace.Pool.forProcessors();
  /*
   * For long tool results, when some detectors can only annotate what they find: the inspector of
   * the other detectors, which runs before the result passes, and the inspector of those, which may
   * run later. Both null when every detector's findings may change or withhold a result.
   */
  private final TextInspector resultNow;
  private final TextInspector resultLater;
  private final Set<Category> deferrable;

  private Firewall(FirewallSettings settings, List<GitleaksRules> ruleFiles, InjectionClassifier classifier,
                   HelperThreads helpers) {
    this(settings, ruleFiles, classifier, helpers, helpers == null ? () -> { } : helpers::close);
  }

  private Firewall(FirewallSettings settings, List<GitleaksRules> ruleFiles, InjectionClassifier classifier,
                   Executor helpers, Runnable stopHelpers) {
    this.settings = settings;
    this.classifier = classifier;
    this.ruleProblems = ruleFiles.stream().flatMap(f -> f.problems().stream()).toList();
    var injection = new InjectionDetector();
    var hidden = new HiddenContentDetector();
    var exfiltration = new ExfiltrationDetector();
    var secrets = new SecretDetector(settings.builtinSecretRules(), ruleFiles);
    var personal = new PersonalDataDetector(settings.phoneRegions(), settings.healthIdentifiers());
    // One keyword pass over each text serves the injection signals, the secret rules and the health identifiers.
    KeywordPass pass = RuleScanner.share(List.of(injection.scanner(), secrets.scanner(), personal.healthScanner()));
    this.helpers = helpers;
    this.stopHelpers = stopHelpers;
    for (Direction d : Direction.values()) {
      Set<Category> scanned = settings.scanned().get(d);
      var detectors = new ArrayList<Detector>();
      if (scanned.contains(Category.INJECTION)) detectors.add(injection);
      if (scanned.contains(Category.HIDDEN_CONTENT)) detectors.add(hidden);
      if (scanned.contains(Category.EXFILTRATION)) detectors.add(exfiltration);
      if (scanned.contains(Category.SECRET)) detectors.add(secrets);
      if (scanned.contains(Category.PERSONAL) || scanned.contains(Category.HEALTH)) detectors.add(personal);
      InjectionClassifier c = scanned.contains(Category.INJECTION) ? classifier : null;
      inspectors.put(d, new TextInspector(detectors, scanned, c, settings.classifier(), f -> settings.actionFor(d, f),
          settings.stripHidden().contains(d), f -> f, pass, helpers, workspaces));
    }
    deferrable = deferrable(settings);
    if (deferrable.isEmpty()) {
      resultNow = null;
      resultLater = null;
    } else {
      // Each group gets detectors, a keyword pass and workspaces of its own: a scanner joins one pass
      // only, and a workspace keeps the scratch state of one pass's members by their numbers.
      Set<Category> scanned = settings.scanned().get(Direction.TOOL_RESULT);
      boolean injectionLater = deferrable.contains(Category.INJECTION);
      boolean personalLater = deferrable.contains(Category.PERSONAL);
      var now = new ArrayList<Detector>();
      var later = new ArrayList<Detector>();
      var nowScanners = new ArrayList<RuleScanner>();
      var laterScanners = new ArrayList<RuleScanner>();
      if (scanned.contains(Category.INJECTION)) {
        var detector = new InjectionDetector();
        (injectionLater ? later : now).add(detector);
        (injectionLater ? laterScanners : nowScanners).add(detector.scanner());
      }
      if (scanned.contains(Category.HIDDEN_CONTENT)) now.add(new HiddenContentDetector());
      if (scanned.contains(Category.EXFILTRATION)) now.add(new ExfiltrationDetector());
      if (scanned.contains(Category.SECRET)) {
        var detector = new SecretDetector(settings.builtinSecretRules(), ruleFiles);
        now.add(detector);
        nowScanners.add(detector.scanner());
      }
      if (scanned.contains(Category.PERSONAL) || scanned.contains(Category.HEALTH)) {
        var detector = new PersonalDataDetector(settings.phoneRegions(), settings.healthIdentifiers());
        (personalLater ? later : now).add(detector);
        (personalLater ? laterScanners : nowScanners).add(detector.healthScanner());
      }
      var nowCategories = java.util.EnumSet.noneOf(Category.class);
      nowCategories.addAll(scanned);
      nowCategories.removeAll(deferrable);
      var laterCategories = java.util.EnumSet.noneOf(Category.class);
      laterCategories.addAll(scanned);
      laterCategories.retainAll(deferrable);
      InjectionClassifier c = scanned.contains(Category.INJECTION) ? classifier : null;
      resultNow = new TextInspector(now, nowCategories, injectionLater ? null : c, settings.classifier(),
          f -> settings.actionFor(Direction.TOOL_RESULT, f), settings.stripHidden().contains(Direction.TOOL_RESULT), f -> f,
          nowScanners.isEmpty() ? null : RuleScanner.share(nowScanners), helpers, Workspace.Pool.forProcessors());
      // Nothing is stripped or rewritten later: the result passed as the detectors above left it.
      resultLater = new TextInspector(later, laterCategories, injectionLater ? c : null, settings.classifier(),
          f -> settings.actionFor(Direction.TOOL_RESULT, f), false, f -> f,
          laterScanners.isEmpty() ? null : RuleScanner.share(laterScanners), helpers, Workspace.Pool.forProcessors());
    }
    this.toolDescriptions = new ToolDescriptionScanner(injection, hidden, settings);
  }

  /**
   * Builds a firewall, loading rule files and the classifier the settings name.
   *
   * @throws FirewallConfigException listing every problem: unreadable rule files, rules left out
   *                                 (when rule files are strict), a classifier that cannot be loaded
   */
  public static Firewall create(FirewallSettings settings) throws FirewallConfigException {
    return create(settings, 0);
  }

  /**
   * Builds a firewall as {@link #create(FirewallSettings)} does, with {@code helperThreads} threads
   * (0 to {@value #MAX_HELPERS}) that share the inspection of a long result with the calling
   * thread: a text of {@value TextInspector#PARALLEL_MIN} characters or more, or a result whose
   * strings add up to that much, is read by two threads at once. This pays where processors are to
   * spare and results come back to back; on a machine of two virtual processors a helper woken from
   * sleep for one result at a time costs more than it saves (see {@code docs/benchmarks-firewall.md}),
   * which is why the default is none.
   *
   * @throws FirewallConfigException as {@link #create(FirewallSettings)}
   * @throws IllegalArgumentException when {@code helperThreads} is out of range
   */
  public static Firewall create(FirewallSettings settings, int helperThreads) throws FirewallConfigException {
    HelperThreads helpers = helpers(helperThreads);
    var problems = new ArrayList<String>();
    List<GitleaksRules> files = loadRuleFiles(settings, problems);
    InjectionClassifier classifier = null;
    if (settings.classifier() != null && problems.isEmpty()) {
      try {
        classifier = OnnxClassifier.load(settings.classifier());
      } catch (IOException | RuntimeException | LinkageError e) {
        problems.add("classifier: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) throw new FirewallConfigException(problems);
    return new Firewall(settings, files, classifier, helpers);
  }

  /**
   * Builds a firewall with a classifier of the caller's (the settings' classifier, if any, is not loaded).
   *
   * @throws FirewallConfigException listing every problem with the rule files
   */
  public static Firewall create(FirewallSettings settings, InjectionClassifier classifier) throws FirewallConfigException {
    var problems = new ArrayList<String>();
    List<GitleaksRules> files = loadRuleFiles(settings, problems);
    if (!problems.isEmpty()) throw new FirewallConfigException(problems);
    return new Firewall(settings, files, classifier, null);
  }

  /**
   * A firewall whose long texts and many-string results are shared with {@code helper} ({@code null}
   * for one thread), which it shuts down when closed: for tests that choose how the work is shared.
   */
  static Firewall withHelper(FirewallSettings settings, ExecutorService helper) throws FirewallConfigException {
    var problems = new ArrayList<String>();
    List<GitleaksRules> files = loadRuleFiles(settings, problems);
    if (!problems.isEmpty()) throw new FirewallConfigException(problems);
    return new Firewall(settings, files, null, helper, helper == null ? () -> { } : helper::shutdown);
  }

  private static List<GitleaksRules> loadRuleFiles(FirewallSettings settings, List<String> problems) {
    var files = new ArrayList<GitleaksRules>();
    for (Path p : settings.gitleaksFiles()) {
      try {
        GitleaksRules rules = GitleaksRules.load(p);
        if (settings.strictRuleFiles()) {
          rules.problems().stream().filter(GitleaksRules.Problem::dropped).forEach(x -> problems.add(x.toString()));
        }
        files.add(rules);
      } catch (IOException | RuntimeException e) {
        problems.add("rule file " + p.getFileName() + ": " + e.getMessage());
      }
    }
    return files;
  }

  /** The settings this firewall was built from. */
  public FirewallSettings settings() { return settings; }

  /** What the rule files contained that could not be used as written (rules left out are errors only when strict). */
  public List<GitleaksRules.Problem> ruleProblems() { return ruleProblems; }

  /** The scanner for tool definitions at registration, sharing this firewall's detectors and settings. */
  public ToolDescriptionScanner toolDescriptions() { return toolDescriptions; }

  /**
   * Inspects every string in a JSON value (maps, lists, strings, numbers, booleans, null), object keys included.
   *
   * @throws IllegalArgumentException when the value is not JSON-shaped or nested deeper than the settings allow
   */
  public Inspection scanJson(Object json, Direction direction) {
    TextInspector inspector = inspectors.get(direction);
    Workspace workspace = inspector.takeWorkspace();
    try {
      return scanJson(json, inspector, workspace);
    } finally {
      inspector.giveBack(workspace);
    }
  }

  private Inspection scanJson(Object json, TextInspector inspector, Workspace workspace) {
    var hits = new ArrayList<Inspection.Hit>();
    TextInspector.Ahead ahead = inspector.examineAhead(json, settings.maxDepth(), workspace);
    if (ahead != null && ahead.quiet()) return new Inspection(List.of(), Action.ALLOW, json, false);
    var recent = new TextInspector.Recent();
    var walk = new JsonWalk(new JsonWalk.Visitor() {
      @Override public String visit(JsonLocation where, String text) {
        TextInspector.Examined examined = ahead == null ? null : ahead.take(text);
        if (examined == null) examined = inspector.examine(text, recent, workspace);
        return inspector.report(examined, where, text, hits);
      }

      @Override public void keyCollision(JsonPath path) {
        hits.add(new Inspection.Hit(path.toString(), new Finding("json", Category.HIDDEN_CONTENT, "hidden.key-collision", 1.0, 0, 0,
            "hidden-content"), Action.BLOCK));
      }
    }, settings.maxDepth());
    Object content = walk.walk(json);
    return new Inspection(hits, strongest(hits), content, content != json);
  }

  /** A tool result needs at least this many characters in its strings before part of its inspection is left for later. */
  public static final int DEFER_MIN = 16 * 1024;

  /**
   * Inspects a tool result, leaving for later what need not hold it up: the detectors whose every
   * finding the settings only annotate (with the default settings the injection signals, the
   * classifier, and personal and health data). Their findings change neither the content nor its
   * fate; they label the session and the audit record, which is in time as long as the session's
   * next decision waits for them. Hidden content is stripped, and every detector whose findings may
   * redact, hold or block runs now, as {@link #scanJson} runs it.
   *
   * <p>Only a result of {@value #DEFER_MIN} characters or more is split, and only when some category
   * may wait ({@link #deferrableCategories()}); otherwise the whole inspection happens now and
   * nothing is left. The inspection now and the one left for later together find what
   * {@link #scanJson} finds, and the content to pass on is the same.
   *
   * @throws IllegalArgumentException as {@link #scanJson}
   */
  public ResultInspection scanResult(Object json) {
    if (resultNow == null || JsonSize.characters(json, DEFER_MIN, settings.maxDepth()) < DEFER_MIN) {
      return new ResultInspection(scanJson(json, Direction.TOOL_RESULT), null);
    }
    Workspace workspace = resultNow.takeWorkspace();
    Inspection now;
    try {
      now = scanJson(json, resultNow, workspace);
    } finally {
      resultNow.giveBack(workspace);
    }
    return new ResultInspection(now, new DeferredInspection(deferrable, () -> {
      Workspace w = resultLater.takeWorkspace();
      try {
        return scanJson(json, resultLater, w);
      } finally {
        resultLater.giveBack(w);
      }
    }));
  }

  /**
   * A tool result's inspection before it passes, and what is left for later.
   *
   * @param inspection the findings of the detectors that ran now, and the content to pass on
   * @param deferred   the rest of the inspection, to be run before the session's next decision; {@code null} when nothing was left
   */
  public record ResultInspection(Inspection inspection, DeferredInspection deferred) {
    public ResultInspection {
      java.util.Objects.requireNonNull(inspection, "inspection");
    }
  }

  /**
   * The categories whose inspection of long tool results may wait (see {@link #scanResult}): those of
   * a detector whose every category is scanned in tool results with an action of at most
   * {@link Action#ANNOTATE}, no rule of it raised above that. Only the injection signals (with the
   * classifier) and the personal-data detector (personal and health data) are candidates; hidden
   * content, exfiltration and secrets rewrite results by default. Empty when nothing may wait.
   */
  public Set<Category> deferrableCategories() { return deferrable; }

  private static Set<Category> deferrable(FirewallSettings settings) {
    var result = java.util.EnumSet.noneOf(Category.class);
    Set<Category> scanned = settings.scanned().get(Direction.TOOL_RESULT);
    Map<Category, Action> actions = settings.actions().get(Direction.TOOL_RESULT);
    var healthIds = new java.util.HashSet<String>();
    settings.healthIdentifiers().forEach(h -> healthIds.add(h.id()));
    if (scanned.contains(Category.INJECTION) && !actions.get(Category.INJECTION).atLeast(Action.REDACT)
        && noStrongerRule(settings, id -> id.startsWith("injection."))) {
      result.add(Category.INJECTION);
    }
    boolean personal = scanned.contains(Category.PERSONAL) || scanned.contains(Category.HEALTH);
    if (personal && !actions.get(Category.PERSONAL).atLeast(Action.REDACT) && !actions.get(Category.HEALTH).atLeast(Action.REDACT)
        && noStrongerRule(settings, id -> id.startsWith("personal.") || id.startsWith("health.") || healthIds.contains(id))) {
      result.add(Category.PERSONAL);
      result.add(Category.HEALTH);
    }
    return java.util.Collections.unmodifiableSet(result);
  }

  private static boolean noStrongerRule(FirewallSettings settings, java.util.function.Predicate<String> ofDetector) {
    for (Map.Entry<String, Action> e : settings.ruleActions().entrySet()) {
      if (e.getValue().atLeast(Action.REDACT) && ofDetector.test(e.getKey())) return false;
    }
    return true;
  }

  /** Inspects one text (path {@code $}). */
  public Inspection scanText(String text, Direction direction) {
    var hits = new ArrayList<Inspection.Hit>();
    String content = inspectors.get(direction).inspect(JsonPath.ROOT, text, hits);
    return new Inspection(hits, strongest(hits), content, content != text);
  }

  static Action strongest(List<Inspection.Hit> hits) {
    Action a = Action.ALLOW;
    for (Inspection.Hit h : hits) a = a.max(h.action());
    return a;
  }

  /** The most helper threads a firewall starts. */
  public static final int MAX_HELPERS = 8;

  private static HelperThreads helpers(int count) {
    if (count < 0 || count > MAX_HELPERS) {
      throw new IllegalArgumentException("helper threads must be between 0 and " + MAX_HELPERS + ", not " + count);
    }
    return count == 0 ? null : new HelperThreads(count, "portcullis-firewall");
  }

  /** Releases the classifier, if any, and the helper threads. */
  @Override public void close() {
    if (classifier != null) classifier.close();
    stopHelpers.run();
  }
}
