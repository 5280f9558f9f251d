package dev.portcullis.firewall;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One secret rule: a pattern, the keywords that must occur near a match, and the checks that keep
 * false positives down (minimum entropy of the secret, allowlists). Built-in rules and rules loaded
 * from gitleaks files have the same shape.
 */
public final class SecretRule {
  private final String id;
  private final String description;
  private final KeywordRule rule;
  private final double entropy;
  private final int secretGroup;
  private final List<SecretAllowlist> allowlists;
  private final double score;
  private final String typeLabel;
  private final Predicate<String> validator;

  SecretRule(String id, String description, KeywordRule rule, double entropy, int secretGroup, List<SecretAllowlist> allowlists,
             double score, String typeLabel, Predicate<String> validator) {
    this.id = Objects.requireNonNull(id, "id");
    this.description = description == null ? "" : description;
    this.rule = rule;
    this.entropy = entropy;
    this.secretGroup = secretGroup;
    this.allowlists = List.copyOf(allowlists);
    this.score = score;
    this.typeLabel = typeLabel;
    this.validator = validator;
  }

  /** The rule id, as findings carry it. */
  public String id() { return id; }

  /** What the rule finds, as its author described it. */
  public String description() { return description; }

  /** The rule's regular expression (RE2 syntax). */
  public String regex() { return rule.pattern().pattern(); }

  /** The lower-case keywords that must occur near a match; empty when the rule scans whole texts. */
  public List<String> keywords() { return rule.keywords(); }

  /** The entropy the secret must exceed, 0 for none. */
  public double entropy() { return entropy; }

  /** The capture group holding the secret, 0 for the first group that matched (or the whole match). */
  public int secretGroup() { return secretGroup; }

  KeywordRule keywordRule() { return rule; }

  List<SecretAllowlist> allowlists() { return allowlists; }

  double score() { return score; }

  String typeLabel() { return typeLabel; }

  /** Whether a candidate secret passes the rule's own check (a JWT header that decodes, not a placeholder). */
  boolean valid(String secret) { return validator.test(secret); }
}
