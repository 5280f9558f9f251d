package dev.portcullis.firewall;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the firewall scans and what it does about findings. Immutable; start from {@link #defaults()}
 * and change what differs with the {@code with...} methods.
 *
 * @param scanned            the categories scanned per direction
 * @param thresholds         per category, the score from which a finding is acted on; below it a finding is only recorded
 * @param actions            per direction and category, what is done about a finding above its threshold
 * @param ruleActions        per rule id, an action that overrides the category's (for example {@code secret.jwt -> ANNOTATE})
 * @param stripHidden        the directions in which hidden content is always removed from the content passed on
 * @param builtinSecretRules whether the built-in secret rules are used (besides gitleaks files)
 * @param gitleaksFiles      gitleaks rule files to load
 * @param strictRuleFiles    whether a rule file with rules that cannot be used stops the firewall from being built
 * @param phoneRegions       default regions for phone numbers without a country code
 * @param healthIdentifiers  the health identifiers to look for
 * @param classifier         the optional ONNX classifier, {@code null} for none
 * @param maxDepth           how deeply nested a JSON value may be; deeper values are refused
 */
public record FirewallSettings(Map<Direction, Set<Category>> scanned, Map<Category, Double> thresholds,
                               Map<Direction, Map<Category, Action>> actions, Map<String, Action> ruleActions,
                               Set<Direction> stripHidden, boolean builtinSecretRules, List<Path> gitleaksFiles,
                               boolean strictRuleFiles, List<String> phoneRegions, List<HealthIdentifier> healthIdentifiers,
                               ClassifierSettings classifier, int maxDepth) {
  /** The default threshold for every category. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  public FirewallSettings {
    var s = new EnumMap<Direction, Set<Category>>(Direction.class);
    for (Direction d : Direction.values()) {
      Set<Category> c = scanned.get(d);
      s.put(d, c == null || c.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(c)));
    }
    scanned = Map.copyOf(s);
    var t = new EnumMap<Category, Double>(Category.class);
    for (Category c : Category.values()) {
      double v = thresholds.getOrDefault(c, DEFAULT_THRESHOLD);
      if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("threshold for " + c + " must be within [0, 1], was " + v);
      t.put(c, v);
    }
    thresholds = Map.copyOf(t);
    var a = new EnumMap<Direction, Map<Category, Action>>(Direction.class);
    for (Direction d : Direction.values()) {
      Map<Category, Action> given = actions.getOrDefault(d, Map.of());
      var per = new EnumMap<Category, Action>(Category.class);
      for (Category c : Category.values()) {
        Action act = given.get(c);
        if (act == null) throw new IllegalArgumentException("no action for " + c + " in direction " + d);
        per.put(c, act);
      }
      a.put(d, Map.copyOf(per));
    }
    actions = Map.copyOf(a);
    ruleActions.keySet().forEach(k -> {
      if (k == null || k.isBlank()) throw new IllegalArgumentException("a rule action has an empty rule id");
    });
    ruleActions = Map.copyOf(ruleActions);
    stripHidden = stripHidden.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(stripHidden));
    gitleaksFiles = List.copyOf(gitleaksFiles);
    phoneRegions = List.copyOf(phoneRegions);
    healthIdentifiers = List.copyOf(healthIdentifiers);
    if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
  }

  /**
   * The defaults. Tool results are scanned for everything and stripped of hidden content; secrets
   * and exfiltration URLs in them are redacted, the rest annotated (policy decides with the labels).
   * Tool arguments are scanned for secrets (blocked), exfiltration (held for approval), personal and
   * health data and hidden content (annotated).
   */
  public static FirewallSettings defaults() {
    var results = new EnumMap<Category, Action>(Category.class);
    results.put(Category.INJECTION, Action.ANNOTATE);
    results.put(Category.HIDDEN_CONTENT, Action.REDACT);
    results.put(Category.EXFILTRATION, Action.REDACT);
    results.put(Category.SECRET, Action.REDACT);
    results.put(Category.PERSONAL, Action.ANNOTATE);
    results.put(Category.HEALTH, Action.ANNOTATE);
    results.put(Category.POISONING, Action.HOLD);
    var arguments = new EnumMap<Category, Action>(Category.class);
    arguments.put(Category.INJECTION, Action.ANNOTATE);
    arguments.put(Category.HIDDEN_CONTENT, Action.ANNOTATE);
    arguments.put(Category.EXFILTRATION, Action.HOLD);
    arguments.put(Category.SECRET, Action.BLOCK);
    arguments.put(Category.PERSONAL, Action.ANNOTATE);
    arguments.put(Category.HEALTH, Action.ANNOTATE);
    arguments.put(Category.POISONING, Action.HOLD);
    return new FirewallSettings(
        Map.of(Direction.TOOL_RESULT, EnumSet.of(Category.INJECTION, Category.HIDDEN_CONTENT, Category.EXFILTRATION, Category.SECRET,
                Category.PERSONAL, Category.HEALTH),
            Direction.TOOL_ARGUMENTS, EnumSet.of(Category.HIDDEN_CONTENT, Category.EXFILTRATION, Category.SECRET, Category.PERSONAL,
                Category.HEALTH)),
        Map.of(), Map.of(Direction.TOOL_RESULT, results, Direction.TOOL_ARGUMENTS, arguments), Map.of(),
        Set.of(Direction.TOOL_RESULT), true, List.of(), true, List.of("US"), HealthIdentifier.BUILTIN, null, 512);
  }

  /** What to do about a finding in a direction: nothing (ALLOW) below the threshold, else the rule's or the category's action. */
  public Action actionFor(Direction direction, Finding finding) {
    if (finding.score() < thresholds.get(finding.category())) return Action.ALLOW;
    Action rule = ruleActions.get(finding.ruleId());
    return rule != null ? rule : actions.get(direction).get(finding.category());
  }

  /** Whether a category is scanned in a direction. */
  public boolean scans(Direction direction, Category category) { return scanned.get(direction).contains(category); }

  /** These settings with other categories scanned in a direction. */
  public FirewallSettings withScanned(Direction direction, Set<Category> categories) {
    var s = new EnumMap<>(scanned);
    s.put(direction, categories);
    return new FirewallSettings(s, thresholds, actions, ruleActions, stripHidden, builtinSecretRules, gitleaksFiles, strictRuleFiles,
        phoneRegions, healthIdentifiers, classifier, maxDepth);
  }

  /** These settings with another threshold for a category. */
  public FirewallSettings withThreshold(Category category, double threshold) {
    var t = new EnumMap<>(thresholds);
    t.put(category, threshold);
    return new FirewallSettings(scanned, t, actions, ruleActions, stripHidden, builtinSecretRules, gitleaksFiles, strictRuleFiles,
        phoneRegions, healthIdentifiers, classifier, maxDepth);
  }

  /** These settings with another action for a category in a direction. */
  public FirewallSettings withAction(Direction direction, Category category, Action action) {
    var a = new EnumMap<Direction, Map<Category, Action>>(Direction.class);
    actions.forEach((d, m) -> a.put(d, new EnumMap<>(m)));
    a.get(direction).put(category, Objects.requireNonNull(action, "action"));
    return new FirewallSettings(scanned, thresholds, a, ruleActions, stripHidden, builtinSecretRules, gitleaksFiles, strictRuleFiles,
        phoneRegions, healthIdentifiers, classifier, maxDepth);
  }

  /** These settings with an action for one rule, whatever its category's action. */
  public FirewallSettings withRuleAction(String ruleId, Action action) {
    var r = new java.util.HashMap<>(ruleActions);
    r.put(ruleId, Objects.requireNonNull(action, "action"));
    return new FirewallSettings(scanned, thresholds, actions, r, stripHidden, builtinSecretRules, gitleaksFiles, strictRuleFiles,
        phoneRegions, healthIdentifiers, classifier, maxDepth);
  }

  /** These settings with gitleaks rule files (and whether the built-in secret rules stay). */
  public FirewallSettings withGitleaksFiles(List<Path> files, boolean keepBuiltinRules) {
    return new FirewallSettings(scanned, thresholds, actions, ruleActions, stripHidden, keepBuiltinRules, files, strictRuleFiles,
        phoneRegions, healthIdentifiers, classifier, maxDepth);
  }

  /** These settings with other default phone regions. */
  public FirewallSettings withPhoneRegions(List<String> regions) {
    return new FirewallSettings(scanned, thresholds, actions, ruleActions, stripHidden, builtinSecretRules, gitleaksFiles, strictRuleFiles,
        regions, healthIdentifiers, classifier, maxDepth);
  }

  /** These settings with other health identifiers. */
  public FirewallSettings withHealthIdentifiers(List<HealthIdentifier> identifiers) {
    return new FirewallSettings(scanned, thresholds, actions, ruleActions, stripHidden, builtinSecretRules, gitleaksFiles, strictRuleFiles,
        phoneRegions, identifiers, classifier, maxDepth);
  }

  /** These settings with the ONNX classifier ({@code null} for none). */
  public FirewallSettings withClassifier(ClassifierSettings settings) {
    return new FirewallSettings(scanned, thresholds, actions, ruleActions, stripHidden, builtinSecretRules, gitleaksFiles, strictRuleFiles,
        phoneRegions, healthIdentifiers, settings, maxDepth);
  }

  /** These settings stripping hidden content in the given directions. */
  public FirewallSettings withStripHidden(Set<Direction> directions) {
    return new FirewallSettings(scanned, thresholds, actions, ruleActions, directions, builtinSecretRules, gitleaksFiles, strictRuleFiles,
        phoneRegions, healthIdentifiers, classifier, maxDepth);
  }
}
