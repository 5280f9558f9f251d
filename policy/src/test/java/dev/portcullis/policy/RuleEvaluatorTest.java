package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.runtime.CelEvaluationException;
import dev.portcullis.core.Decision;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleEvaluatorTest {
  private static final String SECRET = "sk-live-S3CRET(";

  @ParameterizedTest
  @ValueSource(strings = {"int(args.t) > 1", "args.t.matches(args.t)", "args[args.t] == 1", "duration(args.t) > duration('1s')",
      "args.m[args.t] == 1", "timestamp(args.t) > now"})
  void decide_conditionFailsOnArgumentValue_reasonNeverContainsTheValue(String condition) throws Exception {
    var engine = Requests.engine("rules:\n  - id: guard\n    effect: deny\n    when: \"" + condition.replace("\"", "\\\"") + "\"\n");

    Decision d = engine.decide(Requests.call("bot", "fs.read", Map.of("t", SECRET, "m", Map.of("x", 1))));

    assertThat(d.effect()).isEqualTo(Decision.Effect.DENY);
    assertThat(d.reason()).contains("failed to evaluate").doesNotContain("S3CRET");
    assertThat(engine.trace(Requests.call("bot", "fs.read", Map.of("t", SECRET, "m", Map.of("x", 1)))))
        .allSatisfy(t -> assertThat(t.detail()).doesNotContain("S3CRET"));
  }

  @Test
  void describe_missingKeyNamedInCondition_isKept() {
    var e = new CelEvaluationException("evaluation error at <input>:4: key 'path' is not present in map.");

    assertThat(RuleEvaluator.describe(e, "args.path == '/'")).isEqualTo("key 'path' is not present in map");
    assertThat(RuleEvaluator.describe(e, "args[args.k] == '/'")).isEqualTo("key '…' is not present in map");
  }

  @Test
  void describe_noMatchingOverload_isKept() {
    var e = new CelEvaluationException("evaluation error at <input>:5: No matching overload for function '_<_'. "
        + "Overload candidates: less_int64");

    assertThat(RuleEvaluator.describe(e, "args.n < 1"))
        .isEqualTo("No matching overload for function '_<_'. Overload candidates: less_int64");
  }
}
