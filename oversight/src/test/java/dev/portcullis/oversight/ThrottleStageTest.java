package dev.portcullis.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.ExchangeListener;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.StageChain;
import dev.portcullis.oversight.ThrottleRule.Scope;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThrottleStageTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final FakeClock clock = new FakeClock();
  private final Calls.Upstream upstream = new Calls.Upstream();

  private StageChain chain(ThrottleStage stage) { return new StageChain(List.of(stage, upstream), ExchangeListener.NONE); }

  private static Outcome throttled(String rule, long retryAfter) {
    return new Outcome.Failed(new GatewayError.Throttled(rule, retryAfter));
  }

  @Test
  void throttle_admitsLimitCallsThenRefusesWithRetryAfter() {
    var chain = chain(new ThrottleStage(List.of(new ThrottleRule("per-agent", Scope.PER_AGENT, null, null, 3, MINUTE)), clock));

    for (int i = 0; i < 3; i++) {
      assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    }
    Exchange refused = Calls.toolCall("bot", "erp.read", Map.of());

    assertThat(chain.run(refused)).isEqualTo(throttled("per-agent", 20));
    assertThat(refused.notes()).containsEntry("throttle", Map.of("rule", "per-agent", "retryAfterSeconds", 20L));
    assertThat(upstream.calls).hasValue(3);
  }

  @Test
  void throttle_retryAfter_isRoundedUp() {
    var chain = chain(new ThrottleStage(List.of(new ThrottleRule("r", Scope.GLOBAL, null, null, 1, MINUTE)), clock));
    chain.run(Calls.toolCall("bot", "erp.read", Map.of()));
    clock.advance(Duration.ofMillis(500));

    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isEqualTo(throttled("r", 60));
  }

  @Test
  void throttle_refillsContinuouslyOverTime() {
    var chain = chain(new ThrottleStage(List.of(new ThrottleRule("r", Scope.PER_AGENT, null, null, 3, MINUTE)), clock));
    for (int i = 0; i < 3; i++) chain.run(Calls.toolCall("bot", "erp.read", Map.of()));
    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Failed.class);

    clock.advance(Duration.ofSeconds(20));
    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isEqualTo(throttled("r", 20));

    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    }
    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Failed.class);
  }

  @Test
  void throttle_refusalByOneRule_doesNotDrainAnotherRulesBucket() {
    var chain = chain(new ThrottleStage(List.of(
        new ThrottleRule("agent-total", Scope.PER_AGENT, null, null, 3, MINUTE),
        new ThrottleRule("payments", Scope.PER_AGENT_TOOL, null, "erp.pay*", 1, MINUTE)), clock));

    assertThat(chain.run(Calls.toolCall("bot", "erp.pay", Map.of()))).isInstanceOf(Outcome.Reply.class);
    for (int i = 0; i < 5; i++) {
      assertThat(chain.run(Calls.toolCall("bot", "erp.pay", Map.of()))).isEqualTo(throttled("payments", 60));
    }
    // agent-total spent one token on the admitted payment, none on the refused ones.
    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isEqualTo(throttled("agent-total", 20));
  }

  @Test
  void throttle_appliesOnlyToMatchingAgentsAndTools_withSeparateBucketsPerKey() {
    var chain = chain(new ThrottleStage(List.of(
        new ThrottleRule("erp-bots", Scope.PER_AGENT_TOOL, "invoice-*", "erp.*", 1, MINUTE)), clock));

    assertThat(chain.run(Calls.toolCall("invoice-a", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.toolCall("invoice-a", "erp.read", Map.of()))).isInstanceOf(Outcome.Failed.class);
    assertThat(chain.run(Calls.toolCall("invoice-a", "erp.write", Map.of()))).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.toolCall("invoice-b", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    for (int i = 0; i < 3; i++) {
      assertThat(chain.run(Calls.toolCall("invoice-a", "crm.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
      assertThat(chain.run(Calls.toolCall("report-bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    }
  }

  @Test
  void throttle_otherMethods_passUntouched() {
    var chain = chain(new ThrottleStage(List.of(new ThrottleRule("r", Scope.GLOBAL, null, null, 1, MINUTE)), clock));
    for (int i = 0; i < 3; i++) {
      assertThat(chain.run(Calls.method("bot", "tools/list"))).isInstanceOf(Outcome.Reply.class);
    }
    assertThat(chain.run(Calls.toolCall("bot", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void throttle_quantity_limitsTheSumOfAnArgument() {
    var chain = chain(new ThrottleStage(List.of(
        new ThrottleRule("units", Scope.PER_AGENT, null, "erp.transfer", 1000, MINUTE, "amount")), clock));

    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 600)))).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 500.0)))).isEqualTo(throttled("units", 6));
    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 400L)))).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 0)))).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 1)))).isInstanceOf(Outcome.Failed.class);

    clock.advance(Duration.ofSeconds(6));
    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 100)))).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void throttle_quantityAboveTheLimit_isRefused() {
    var chain = chain(new ThrottleStage(List.of(
        new ThrottleRule("units", Scope.GLOBAL, null, null, 1000, MINUTE, "amount")), clock));

    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 1001)))).isEqualTo(throttled("units", 1));
    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 1000)))).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void throttle_quantityArgumentMissingOrNotANonNegativeNumber_isRefused() {
    var chain = chain(new ThrottleStage(List.of(
        new ThrottleRule("units", Scope.PER_AGENT, null, null, 1000, MINUTE, "amount")), clock));
    var nullAmount = new HashMap<String, Object>();
    nullAmount.put("amount", null);

    for (Map<String, Object> args : List.of(Map.<String, Object>of(), Map.<String, Object>of("amount", "12"),
        Map.<String, Object>of("amount", -5), Map.<String, Object>of("amount", Double.NaN), nullAmount)) {
      Outcome outcome = chain.run(Calls.toolCall("bot", "erp.transfer", args));
      assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
          .isInstanceOfSatisfying(GatewayError.InvalidParams.class, e -> assertThat(e.message())
              .contains("'units'").contains("'amount'").doesNotContain("-5").doesNotContain("12")));
    }
    assertThat(upstream.calls).hasValue(0);
    assertThat(chain.run(Calls.toolCall("bot", "erp.transfer", Map.of("amount", 1000)))).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void throttle_floodOfAgentIds_keepsBucketMapBounded() {
    var stage = new ThrottleStage(List.of(new ThrottleRule("r", Scope.PER_AGENT, null, null, 2, MINUTE)), clock, 16);
    var chain = chain(stage);

    // At this pace a bucket has refilled (30 s per token) before 16 newer ones push it out.
    for (int i = 0; i < 1000; i++) {
      assertThat(chain.run(Calls.toolCall("agent-" + i, "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
      clock.advance(Duration.ofSeconds(2));
    }
    assertThat(stage.bucketCount()).isLessThanOrEqualTo(16);
    assertThat(upstream.calls).hasValue(1000);

    // All at once, nothing has refilled: the map stays at its bound.
    for (int i = 0; i < 1000; i++) chain.run(Calls.toolCall("burst-" + i, "erp.read", Map.of()));
    assertThat(stage.bucketCount()).isLessThanOrEqualTo(16);
  }

  @Test
  void throttle_bucketMapSaturatedWithActiveBuckets_refusesNewKeysButKeepsLimits() {
    var stage = new ThrottleStage(List.of(new ThrottleRule("r", Scope.PER_AGENT, null, null, 1, MINUTE)), clock, 4);
    var chain = chain(stage);
    for (int i = 0; i < 4; i++) chain.run(Calls.toolCall("agent-" + i, "erp.read", Map.of()));

    assertThat(chain.run(Calls.toolCall("newcomer", "erp.read", Map.of()))).isInstanceOf(Outcome.Failed.class);
    assertThat(chain.run(Calls.toolCall("agent-0", "erp.read", Map.of()))).isEqualTo(throttled("r", 60));
    assertThat(stage.bucketCount()).isEqualTo(4);

    clock.advance(MINUTE);
    assertThat(chain.run(Calls.toolCall("newcomer", "erp.read", Map.of()))).isInstanceOf(Outcome.Reply.class);
    assertThat(stage.bucketCount()).isLessThanOrEqualTo(4);
  }

  @Test
  void throttleStage_duplicateRuleIds_areRejected() {
    var rule = new ThrottleRule("r", Scope.GLOBAL, null, null, 1, MINUTE);
    assertThatThrownBy(() -> new ThrottleStage(List.of(rule, rule), clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'r' is used twice");
  }

  @Test
  void throttleRule_nonPositiveLimitOrWindow_isRejected() {
    assertThatThrownBy(() -> new ThrottleRule("r", Scope.GLOBAL, null, null, 0, MINUTE))
        .hasMessageContaining("limit of throttle rule 'r' must be positive, was 0");
    assertThatThrownBy(() -> new ThrottleRule("r", Scope.GLOBAL, null, null, 1, Duration.ZERO))
        .hasMessageContaining("window of throttle rule 'r' must be positive");
  }
}
