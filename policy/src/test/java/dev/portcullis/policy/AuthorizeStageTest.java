package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.ArgumentFlow;
import dev.portcullis.core.Decision.Effect;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.ToolLabels;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizeStageTest {
  private static final Outcome OK = new Outcome.Reply(Map.of("ok", true));
  private static final Stage.Chain NEXT = exchange -> OK;

  private static final String POLICY = """
      rules:
        - id: echo
          effect: allow
          tools: ["everything.*"]
        - id: no-long-echo
          effect: deny
          description: Echo stays short
          tools: ["everything.echo"]
          when: 'args.message.size() > 5'
        - id: after-hours
          effect: require_approval
          tools: ["everything.add"]
          when: 'now.getHours("UTC") >= 18'
        - id: no-env
          effect: deny
          tools: ["everything.printEnv"]
        - id: bank
          effect: allow
          tools: ["bank.*"]
        - id: trusted-args
          effect: require_approval
          tools: ["bank.*"]
          when: 'tool.consequential && size(flow.untrusted_args) > 0'
      """;

  private final AuthorizeStage stage;

  AuthorizeStageTest() throws PolicyLoadException {
    stage = new AuthorizeStage(Requests.engine(POLICY), InstantSource.fixed(Instant.parse("2026-03-02T19:00:00Z")));
  }

  private static Exchange exchange(String method, Map<String, Object> params, ToolDefinition tool) {
    var exchange = new Exchange("x1", Instant.EPOCH, new McpRequest("demo", method, 1, params, "2025-11-25", null, null), null);
    exchange.authenticate(Requests.agent("invoice-bot"));
    if (tool != null) exchange.resolveTool(tool);
    return exchange;
  }

  private static Exchange toolCall(String tool, Map<String, Object> args) {
    return exchange("tools/call", Map.of("name", tool, "arguments", args), Requests.tool(tool));
  }

  @Test
  void apply_deniedCall_throwsPolicyDeniedNamingTheRule() {
    var exchange = toolCall("everything.echo", Map.of("message", "far too long"));

    assertThatThrownBy(() -> stage.apply(exchange, NEXT))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.error()).isInstanceOfSatisfying(GatewayError.PolicyDenied.class, d -> {
            assertThat(d.rule()).isEqualTo("no-long-echo");
            assertThat(d.reason()).contains("Echo stays short").doesNotContain("far too long");
          });
        });
    assertThat(exchange.decision().effect()).isEqualTo(Effect.DENY);
    assertThat(exchange.notes().get("policy")).isEqualTo(Map.of("effect", "DENY", "rule", "no-long-echo",
        "version", exchange.decision().policyVersion()));
  }

  @Test
  void apply_allowedCall_proceedsWithDecisionRecorded() {
    var exchange = toolCall("everything.echo", Map.of("message", "hi"));

    assertThat(stage.apply(exchange, NEXT)).isSameAs(OK);
    assertThat(exchange.decision().rule()).isEqualTo("echo");
  }

  @Test
  void apply_approvalRequired_proceedsForTheApproveStage() {
    var exchange = toolCall("everything.add", Map.of("a", 1, "b", 2));

    assertThat(stage.apply(exchange, NEXT)).isSameAs(OK);
    assertThat(exchange.decision().effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(exchange.decision().rule()).isEqualTo("after-hours");
  }

  @Test
  void apply_toolsList_showsOnlyListableTools() {
    var exchange = exchange("tools/list", Map.of(), null);
    exchange.showTools(List.of(Requests.tool("everything.echo"), Requests.tool("everything.printEnv"),
        Requests.tool("fs.read"), Requests.tool("everything.add")));

    assertThat(stage.apply(exchange, NEXT)).isSameAs(OK);
    assertThat(exchange.visibleTools()).extracting(ToolDefinition::name)
        .containsExactly("everything.echo", "everything.add");
    assertThat(exchange.decision().effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void apply_toolCallWithoutResolvedTool_failsNamingTheStage() {
    var exchange = exchange("tools/call", Map.of("name", "everything.echo"), null);

    assertThatThrownBy(() -> stage.apply(exchange, NEXT))
        .isInstanceOfSatisfying(GatewayException.class, e ->
            assertThat(e.error()).isInstanceOf(GatewayError.Internal.class).extracting(GatewayError::message)
                .asString().contains("authorize"));
  }

  @Test
  void apply_unauthenticated_failsNamingTheStage() {
    var exchange = new Exchange("x2", Instant.EPOCH, new McpRequest("demo", "ping", 1, Map.of(), "2025-11-25", null, null), null);

    assertThatThrownBy(() -> stage.apply(exchange, NEXT)).isInstanceOf(GatewayException.class)
        .hasMessageContaining("authorize");
  }

  @Test
  void apply_ungovernedDataMethod_isDenied() {
    var exchange = exchange("resources/read", Map.of("uri", "file:///x"), null);

    assertThatThrownBy(() -> stage.apply(exchange, NEXT)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.error()).isInstanceOf(GatewayError.PolicyDenied.class));
  }

  @Test
  void apply_labelsLeftByEarlierStages_reachPolicy() {
    var exchange = toolCall("bank.send_money", Map.of("recipient", "GB33BUKB20201555555555"));
    exchange.put(ToolLabels.KEY, new ToolLabels(true, "trusted", "secret", Set.of("personal")));
    exchange.put(ArgumentFlow.KEY, new ArgumentFlow(Map.of("recipient", Set.of("untrusted"))));

    assertThat(stage.apply(exchange, NEXT)).isSameAs(OK);
    assertThat(exchange.decision().effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(exchange.decision().rule()).isEqualTo("trusted-args");
  }

  @Test
  void apply_noLabelsInTheExchange_decidesForAnUnlabelledToolAndCleanFlow() {
    var exchange = toolCall("bank.send_money", Map.of("recipient", "GB33BUKB20201555555555"));
    exchange.put(ArgumentFlow.KEY, new ArgumentFlow(Map.of("recipient", Set.of("untrusted"))));

    assertThat(stage.apply(exchange, NEXT)).isSameAs(OK);
    assertThat(exchange.decision().rule()).as("an unlabelled tool is not consequential").isEqualTo("bank");
  }

  @Test
  void apply_toolsListWithFlowRules_stillListsTools() {
    var exchange = exchange("tools/list", Map.of(), null);
    exchange.showTools(List.of(Requests.tool("bank.send_money"), Requests.tool("everything.echo")));

    assertThat(stage.apply(exchange, NEXT)).isSameAs(OK);
    assertThat(exchange.visibleTools()).extracting(ToolDefinition::name).containsExactly("bank.send_money", "everything.echo");
  }
}
