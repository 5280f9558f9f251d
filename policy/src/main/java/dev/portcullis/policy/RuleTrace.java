package dev.portcullis.policy;

import dev.portcullis.core.Decision;

/**
 * How one candidate rule fared for a request, for {@code portcullis policy explain}.
 *
 * @param rule          the rule id
 * @param effect        what the rule does when it applies
 * @param targetMatched whether the method, tool and agent matched the rule's targets
 * @param condition     what the rule's {@code when} condition gave
 * @param applies       whether the rule counted towards the decision (fail-closed errors included)
 * @param detail        a sentence explaining the outcome; never contains argument values
 */
public record RuleTrace(String rule, Decision.Effect effect, boolean targetMatched, Condition condition,
                        boolean applies, String detail) {

  /** The result of a rule's condition. */
  public enum Condition {
    /** The rule has no {@code when}. */
    ABSENT,
    /** Not evaluated because the target did not match. */
    NOT_EVALUATED,
    /** Evaluated to true. */
    TRUE,
    /** Evaluated to false. */
    FALSE,
    /** Failed to evaluate (missing key, type error, ...). */
    ERROR
  }
}
