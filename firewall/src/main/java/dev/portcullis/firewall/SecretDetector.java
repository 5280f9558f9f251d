package dev.portcullis.firewall;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds secrets and credentials with the built-in rules and any rules loaded from gitleaks files.
 * All rules share one keyword pass; each runs only near its keywords. A finding's span is the secret
 * itself (the rule's secret group), so redaction keeps the surrounding {@code password=} visible.
 * Where several rules find the same secret, the most confident one is kept.
 */
public final class SecretDetector implements Detector, ScansJoinedText {
  private final List<SecretRule> rules;
  private final List<SecretAllowlist> global;
  private final RuleScanner scanner;

  /** A detector with the built-in rules only. */
  public SecretDetector() { this(true, List.of()); }

  /**
   * A detector with the built-in rules (unless {@code builtin} is false) and the given rule files' rules.
   *
   * @param builtin whether to include the built-in rules
   * @param files   rules loaded from gitleaks files
   */
  public SecretDetector(boolean builtin, List<GitleaksRules> files) {
    var all = new ArrayList<SecretRule>();
    if (builtin) all.addAll(SecretRules.builtin());
    var allow = new ArrayList<SecretAllowlist>();
    for (GitleaksRules f : files) {
      all.addAll(f.rules());
      allow.addAll(f.globalAllowlists());
    }
    rules = List.copyOf(all);
    global = List.copyOf(allow);
    scanner = new RuleScanner(rules.stream().map(SecretRule::keywordRule).toList());
  }

  @Override public String name() { return "secrets"; }

  /* The scanner of the rules, for a firewall that shares one keyword pass among its detectors. */
  RuleScanner scanner() { return scanner; }

  @Override public List<Finding> scan(NormalizedText normalized) {
    if (!scanner.mayMatch(normalized)) return List.of();
    String text = normalized.text();
    var found = new ArrayList<Finding>();
    scanner.scan(normalized, false, (r, m, offset) -> {
      SecretRule rule = rules.get(r);
      int group = secretGroup(rule, m);
      int start = offset + m.start(group);
      int end = offset + m.end(group);
      if (end <= start) return;
      String secret = text.substring(start, end);
      if (rule.entropy() > 0 && Entropy.of(secret) <= rule.entropy()) return;
      if (!rule.valid(secret)) return;
      if (!rule.allowlists().isEmpty() || !global.isEmpty()) {
        String match = text.substring(offset + m.start(), offset + m.end());
        String line = line(text, start, end);
        for (SecretAllowlist a : rule.allowlists()) {
          if (a.allows(secret, match, line)) return;
        }
        for (SecretAllowlist a : global) {
          if (a.allows(secret, match, line)) return;
        }
      }
      found.add(new Finding(name(), Category.SECRET, rule.id(), rule.score(), start, end, rule.typeLabel()));
    });
    return strongestPerSpan(found);
  }

  /*
   * Each part of a joined text gives what it gives alone: rules keep to their part, and the line an
   * allowlist reads ends at the line break between two parts as it would at the end of the string.
   */
  @Override public List<Finding> candidates(NormalizedText joined) { return scan(joined); }

  /* The rule's secret group; without one, the first group that took part, or the whole match. */
  private static int secretGroup(SecretRule rule, Matcher m) {
    if (rule.secretGroup() > 0) return rule.secretGroup();
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.start(g) >= 0 && m.end(g) > m.start(g)) return g;
    }
    return 0;
  }

  private static String line(String text, int start, int end) {
    int from = text.lastIndexOf('\n', start - 1) + 1;
    int to = text.indexOf('\n', end);
    return text.substring(from, to < 0 ? text.length() : to);
  }

  /* Overlapping findings of the same secret: keep the highest score (a specific rule beats the generic one). */
  static List<Finding> strongestPerSpan(List<Finding> found) {
    if (found.size() < 2) return found;
    found.sort(Comparator.comparingDouble(Finding::score).reversed().thenComparingInt(Finding::start));
    var kept = new ArrayList<Finding>();
    for (Finding f : found) {
      if (kept.stream().noneMatch(k -> k.overlaps(f))) kept.add(f);
    }
    kept.sort(Comparator.comparingInt(Finding::start));
    return kept;
  }
}
