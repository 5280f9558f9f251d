package dev.portcullis.audit;

import dev.portcullis.core.Credentials;
import dev.portcullis.core.Decision;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Principal;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import java.util.Map;
import java.util.function.Function;

/** Exchanges and stand-in stages for the stage tests. */
final class TestExchanges {
  static final String BEARER = "eyJ-agent-bearer-SECRET-7f3a";
  static final String DPOP = "eyJ-dpop-proof-SECRET-91cc";
  static final String UPSTREAM_HEADER_VALUE = "Bearer upstream-SECRET-c0ffee";
  static final String ARGUMENT_VALUE = "hunter2-argument-SECRET";
  static final Map<String, Object> ARGUMENTS = Map.of("path", "/reports/q3.txt", "password", ARGUMENT_VALUE);

  private TestExchanges() {}

  /** A tools/call for files.read carrying a bearer token and a secret argument. */
  static Exchange toolCall(String id) {
    var request = new McpRequest("files", "tools/call", 7, Map.of("name", "files.read", "arguments", ARGUMENTS),
        "2025-11-25", null, "127.0.0.1");
    return new Exchange(id, TestLogs.CLOCK.instant(), request, new Credentials(BEARER, DPOP, "POST", "https://gw/mcp/files"));
  }

  /** Stands in for authenticate, resolve, authorize and credential: principal, tool, decision, upstream header. */
  static Stage admitting() {
    return stage("admit", (exchange, chain) -> {
      exchange.authenticate(new Principal("agent-42", "spiffe://portcullis/agent/42", "alice", "jti-1", null, Map.of()));
      exchange.resolveTool(new ToolDefinition("files.read", "files", "read", "sha256:" + "ab".repeat(32), Map.of("name", "read")));
      exchange.decide(new Decision(Decision.Effect.ALLOW, "allow-reads", "reads are allowed", "sha256:" + "cd".repeat(32)));
      exchange.injectUpstreamHeader("Authorization", UPSTREAM_HEADER_VALUE);
      exchange.note("approval", "none-needed");
      return chain.proceed(exchange);
    });
  }

  /** A last stage standing in for the upstream call. */
  static Stage upstream(Function<Exchange, Outcome> call) {
    return stage("forward", (exchange, chain) -> call.apply(exchange));
  }

  static Stage stage(String name, java.util.function.BiFunction<Exchange, Stage.Chain, Outcome> body) {
    return new Stage() {
      @Override
      public String name() { return name; }

      @Override
      public Outcome apply(Exchange exchange, Chain chain) { return body.apply(exchange, chain); }
    };
  }
}
