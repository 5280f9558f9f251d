package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.runtime.CelEvaluationException;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {

  @Test
  void describe_quotedTextNotInCondition_isRedacted() {
    var e = new CelEvaluationException("evaluation error at <input>:12: failed to parse 'sk-live-123' as 'timestamp'");

    assertThat(RuleEvaluator.describe(e, "timestamp(args.when) > now"))
        .isEqualTo("failed to parse '…' as 'timestamp'");
  }

  @Test
  void describe_operatorNames_areKept() {
    var e = new CelEvaluationException("evaluation error at <input>:5: No matching overload for function '_<_'.");

    assertThat(RuleEvaluator.describe(e, "args.n < 1")).isEqualTo("No matching overload for function '_<_'.");
  }
}
