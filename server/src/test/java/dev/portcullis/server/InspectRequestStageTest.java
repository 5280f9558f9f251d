package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.ArgumentFlow;
import dev.portcullis.core.Credentials;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.ToolLabels;
import dev.portcullis.firewall.Firewall;
import dev.portcullis.server.config.GatewayConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request inspection's labels for policy, and how a tool's guarded arguments change them. */
class InspectRequestStageTest {
  private static final String IBAN = "ES9121000418450200051332";
  private final Firewall firewall = FirewallSetup.build(new GatewayConfig.Firewall(null, null, null, null, null, null, null));

  @AfterEach
  void close() { firewall.close(); }

  @Test
  void ibanInAGuardedRecipient_isNotLabelledPersonal_butInTheSubjectItIs() {
    Exchange call = call(new ToolLabels(true, "trusted", "internal", Set.of("public", "internal"), Set.of("recipient"), Set.of()),
        Map.of("recipient", IBAN, "subject", "my other account is " + IBAN));

    new InspectRequestStage(firewall).apply(call, e -> new Outcome.Reply(Map.of()));

    assertThat(call.get(ArgumentFlow.KEY).argumentLabels()).containsOnlyKeys("subject");
    assertThat(call.get(ArgumentFlow.KEY).argumentLabels().get("subject")).contains("personal");
  }

  @Test
  void toolThatNamesNoGuardedArguments_hasEveryArgumentLabelled() {
    Exchange call = call(new ToolLabels(true, "trusted", "internal", Set.of("public", "internal")), Map.of("recipient", IBAN));

    new InspectRequestStage(firewall).apply(call, e -> new Outcome.Reply(Map.of()));

    assertThat(call.get(ArgumentFlow.KEY).argumentLabels().get("recipient")).contains("personal");
  }

  private static Exchange call(ToolLabels labels, Map<String, Object> arguments) {
    var e = new Exchange("x", Instant.EPOCH, new McpRequest("s", "tools/call", 1,
        Map.of("name", "bank.send_money", "arguments", arguments), null, null, null), new Credentials(null, null, null, null));
    e.resolveTool(new ToolDefinition("bank.send_money", "bank", "send_money", "sha256:00", Map.of()));
    e.put(ToolLabels.KEY, labels);
    return e;
  }
}
