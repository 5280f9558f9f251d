package dev.portcullis.oversight;

import dev.portcullis.core.Decision;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Principal;
import dev.portcullis.core.Stage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Exchanges for tests, and a stage that stands for the rest of the chain. */
final class Calls {
  private static final AtomicInteger IDS = new AtomicInteger();

  private Calls() {}

  /** An authenticated tools/call of {@code tool} by {@code agent}. */
  static Exchange toolCall(String agent, String tool, Map<String, Object> arguments) {
    var params = new LinkedHashMap<String, Object>();
    params.put("name", tool);
    params.put("arguments", arguments);
    return authenticated(agent, "tools/call", params);
  }

  /** An authenticated call of another method. */
  static Exchange method(String agent, String method) { return authenticated(agent, method, Map.of()); }

  /** A tools/call whose policy decision requires approval under policy version {@code v1}. */
  static Exchange heldCall(String agent, String tool, Map<String, Object> arguments) {
    Exchange exchange = toolCall(agent, tool, arguments);
    exchange.decide(new Decision(Decision.Effect.REQUIRE_APPROVAL, "payments-need-approval", "payments over 100", "v1"));
    return exchange;
  }

  private static Exchange authenticated(String agent, String method, Map<String, Object> params) {
    var request = new McpRequest("default", method, IDS.incrementAndGet(), params, "2025-11-25", null, "127.0.0.1");
    var exchange = new Exchange("ex-" + IDS.incrementAndGet(), Instant.parse("2026-03-01T09:00:00Z"), request, null);
    exchange.authenticate(new Principal(agent, "spiffe://portcullis/agent/" + agent, "alice", "jti-1", null, Map.of()));
    return exchange;
  }

  /** The rest of the chain: replies and counts how often it was reached. */
  static final class Upstream implements Stage {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String name() { return "upstream"; }

    @Override
    public Outcome apply(Exchange exchange, Chain chain) {
      calls.incrementAndGet();
      return new Outcome.Reply(Map.of("content", List.of()));
    }
  }
}
