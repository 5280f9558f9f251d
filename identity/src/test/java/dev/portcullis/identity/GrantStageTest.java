package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.Credentials;
import dev.portcullis.core.Delegation;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Principal;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantStageTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final GrantStage stage = new GrantStage(InstantSource.fixed(NOW));
  private final Stage.Chain done = e -> new Outcome.Reply(Map.of("ok", true));

  @Test
  void toolOutsideTheGrant_isBlockedNamingTheTask() {
    Exchange call = call(delegated(Map.of("type", "portcullis_task", "task", "inv-4711", "tools", List.of("bank.read_*"))),
        "bank.send_money");

    assertThatThrownBy(() -> stage.apply(call, done)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.error()).isInstanceOf(GatewayError.ToolBlocked.class);
      assertThat(e.getMessage()).contains("outside the task grant 'inv-4711'");
    });
  }

  @Test
  void toolCoveredByAGlob_passes() {
    Exchange call = call(delegated(Map.of("type", "portcullis_task", "task", "inv-4711", "tools", List.of("bank.read_*"))),
        "bank.read_balance");

    assertThat(stage.apply(call, done)).isInstanceOf(Outcome.Reply.class);
    assertThat(call.notes()).containsEntry("grant", "inv-4711");
  }

  @Test
  void maxCalls_capsCallsUnderOneGrant() {
    var principal = delegated(Map.of("type", "portcullis_task", "task", "t1", "tools", List.of("bank.read_balance"), "max_calls", 2));

    stage.apply(call(principal, "bank.read_balance"), done);
    stage.apply(call(principal, "bank.read_balance"), done);

    assertThatThrownBy(() -> stage.apply(call(principal, "bank.read_balance"), done))
        .hasMessageContaining("allows 2 calls");
  }

  @Test
  void agentActingOnItsOwn_isLeftToPolicy() {
    var own = new Principal("bot", "spiffe://td/agent/bot/i/1", "ops", "j1", NOW.plusSeconds(60), Map.of());

    assertThat(stage.apply(call(own, "bank.send_money"), done)).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void listing_showsOnlyGrantedTools() {
    var principal = delegated(Map.of("type", "portcullis_task", "task", "t1", "tools", List.of("bank.read_balance")));
    var list = new Exchange("x", NOW, new McpRequest("e2e", "tools/list", 1, Map.of(), null, null, null), new Credentials(null, null, null, null));
    list.authenticate(principal);
    list.showTools(List.of(tool("bank.read_balance"), tool("bank.send_money")));

    stage.apply(list, done);

    assertThat(list.visibleTools()).extracting(ToolDefinition::name).containsExactly("bank.read_balance");
  }

  private static Principal delegated(Map<String, Object> grant) {
    var d = new Delegation("alice", "https://idp.example", List.of(new Delegation.Actor("planner", "spiffe://td/agent/planner/i/1")),
        "txn-1", (String) grant.get("task"), List.of(grant), "http://gw/mcp/e2e", NOW.plusSeconds(300));
    return new Principal("planner", "spiffe://td/agent/planner/i/1", "ops", "j1", NOW.plusSeconds(300), Map.of(), d);
  }

  private static Exchange call(Principal principal, String tool) {
    var e = new Exchange("x", NOW, new McpRequest("e2e", "tools/call", 1, Map.of("name", tool, "arguments", Map.of()), null, null, null),
        new Credentials(null, null, null, null));
    e.authenticate(principal);
    e.resolveTool(tool(tool));
    return e;
  }

  private static ToolDefinition tool(String name) {
    String[] parts = name.split("\\.", 2);
    return new ToolDefinition(name, parts[0], parts[1], "sha256:00", Map.of());
  }
}
