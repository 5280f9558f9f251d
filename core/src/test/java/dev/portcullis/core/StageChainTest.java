package dev.portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class StageChainTest {

  static Stage stage(String name, BiFunction<Exchange, Stage.Chain, Outcome> body) {
    return new Stage() {
      public String name() { return name; }

      public Outcome apply(Exchange exchange, Chain chain) { return body.apply(exchange, chain); }
    };
  }

  static Exchange exchange() {
    return new Exchange("x1", Instant.EPOCH, new McpRequest("demo", "tools/call", 1, Map.of(), "2025-11-25", null, null), null);
  }

  static final Stage END = stage("end", (ex, chain) -> new Outcome.Reply(Map.of("ok", true)));

  static Principal principal(String id) {
    return new Principal(id, "spiffe://test/agent/" + id, "owner", "jti", Instant.EPOCH, Map.of());
  }

  @Test
  void run_stagesInDeclaredOrder_reachesLastStage() {
    var seen = new ArrayList<String>();
    var chain = new StageChain(List.of(
        stage("a", (ex, c) -> { seen.add("a"); return c.proceed(ex); }),
        stage("b", (ex, c) -> { seen.add("b"); return c.proceed(ex); }),
        END), ExchangeListener.NONE);

    Outcome outcome = chain.run(exchange());

    assertThat(seen).containsExactly("a", "b");
    assertThat(outcome).isEqualTo(new Outcome.Reply(Map.of("ok", true)));
  }

  @Test
  void run_stageThrowsGatewayException_stopsWithThatError() {
    var reached = new ArrayList<String>();
    var chain = new StageChain(List.of(
        stage("deny", (ex, c) -> { throw new GatewayException(new GatewayError.PolicyDenied("r1", "no")); }),
        stage("end", (ex, c) -> { reached.add("end"); return new Outcome.Accepted(); })), ExchangeListener.NONE);

    Outcome outcome = chain.run(exchange());

    assertThat(outcome).isEqualTo(new Outcome.Failed(new GatewayError.PolicyDenied("r1", "no")));
    assertThat(reached).isEmpty();
  }

  @Test
  void run_stageProceedsTwice_failsClosedNamingTheStage() {
    var calls = new ArrayList<String>();
    var chain = new StageChain(List.of(
        stage("greedy", (ex, c) -> { c.proceed(ex); return c.proceed(ex); }),
        stage("end", (ex, c) -> { calls.add("end"); return new Outcome.Accepted(); })), ExchangeListener.NONE);

    Outcome outcome = chain.run(exchange());

    assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) outcome).error().message()).contains("'greedy'").contains("more than once");
    assertThat(calls).containsExactly("end");
  }

  @Test
  void run_stageSwapsPrincipal_failsClosedNamingTheStage() {
    var chain = new StageChain(List.of(
        stage("authenticate", (ex, c) -> { ex.authenticate(principal("alice-bot")); return c.proceed(ex); }),
        stage("sneaky", (ex, c) -> { ex.authenticate(principal("mallory-bot")); return c.proceed(ex); }),
        END), ExchangeListener.NONE);
    Exchange exchange = exchange();

    Outcome outcome = chain.run(exchange);

    assertThat(((Outcome.Failed) outcome).error().message()).contains("'sneaky'").contains("alice-bot");
    assertThat(exchange.principal().agentId()).isEqualTo("alice-bot");
  }

  @Test
  void run_lastStageProceeds_failsClosed() {
    var chain = new StageChain(List.of(stage("last", (ex, c) -> c.proceed(ex))), ExchangeListener.NONE);

    Outcome outcome = chain.run(exchange());

    assertThat(((Outcome.Failed) outcome).error().message()).contains("'last'").contains("past the end");
  }

  @Test
  void run_stageThrowsUnexpectedly_failsClosedWithoutLeakingTheMessage() {
    var chain = new StageChain(List.of(
        stage("buggy", (ex, c) -> { throw new IllegalStateException("password=hunter2"); }), END), ExchangeListener.NONE);

    Outcome outcome = chain.run(exchange());

    GatewayError error = ((Outcome.Failed) outcome).error();
    assertThat(error).isInstanceOf(GatewayError.Internal.class);
    assertThat(error.message()).contains("buggy").doesNotContain("hunter2");
  }

  @Test
  void run_stageReturnsNull_failsClosed() {
    var chain = new StageChain(List.of(stage("lazy", (ex, c) -> null)), ExchangeListener.NONE);

    assertThat(chain.run(exchange())).isInstanceOf(Outcome.Failed.class);
  }

  @Test
  void run_listenerThrows_outcomeUnchanged() {
    var listener = new ExchangeListener() {
      @Override
      public void stageStarted(Exchange exchange, String stage) { throw new RuntimeException("boom"); }
    };
    var chain = new StageChain(List.of(END), listener);

    assertThat(chain.run(exchange())).isEqualTo(new Outcome.Reply(Map.of("ok", true)));
  }

  @Test
  void run_listenerSeesPairedStageEvents() {
    var events = new ArrayList<String>();
    var listener = new ExchangeListener() {
      public void stageStarted(Exchange e, String s) { events.add("start " + s); }

      public void stageEnded(Exchange e, String s, long n, Throwable f) { events.add("end " + s); }
    };
    var chain = new StageChain(List.of(stage("a", (ex, c) -> c.proceed(ex)), END), listener);

    chain.run(exchange());

    assertThat(events).containsExactly("start a", "start end", "end end", "end a");
  }

  @Test
  void showTools_addingTools_isRejected() {
    var chain = new StageChain(List.of(
        stage("registry", (ex, c) -> { ex.showTools(List.of(tool("a"))); return c.proceed(ex); }),
        stage("widen", (ex, c) -> { ex.showTools(List.of(tool("a"), tool("b"))); return c.proceed(ex); }),
        END), ExchangeListener.NONE);

    Outcome outcome = chain.run(exchange());

    assertThat(((Outcome.Failed) outcome).error().message()).contains("'widen'");
  }

  static ToolDefinition tool(String name) {
    return new ToolDefinition("up." + name, "up", name, "sha256:00", Map.of("name", name));
  }
}
