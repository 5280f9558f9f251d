package dev.portcullis.firewall;

import java.util.Objects;

/**
 * One thing a detector found in a text. It never carries the matched text itself, only where it is
 * and what it is, so findings can go to logs, audit records and approvers without leaking the
 * secret or personal data they point at.
 *
 * @param detector  the detector that found it ({@code injection}, {@code secrets}, ...)
 * @param category  the kind of risk
 * @param ruleId    the rule that matched, stable across releases ({@code injection.override}, {@code secret.github-token})
 * @param score     how confident or severe, from 0 to 1; compared with the category's threshold
 * @param start     start offset (inclusive) in the normalised scan text
 * @param end       end offset (exclusive) in the normalised scan text; equal to start for removed invisible characters
 * @param typeLabel the short type shown in redaction placeholders ({@code email}, {@code aws-access-key})
 */
public record Finding(String detector, Category category, String ruleId, double score, int start, int end,
                      String typeLabel) {
  public Finding {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(typeLabel, "typeLabel");
    if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("score must be within [0, 1], was " + score);
    if (start < 0 || end < start) throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
  }

  /** Whether this finding's span overlaps another's. */
  public boolean overlaps(Finding other) {
    return start < other.end && other.start < end || start == other.start && end == other.end;
  }
}
