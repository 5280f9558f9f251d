package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.ToolLabels;
import dev.portcullis.server.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolLabelStageTest {
  private final ToolLabelStage stage = new ToolLabelStage(List.of(new GatewayConfig.UpstreamConfig("bank",
      "http://127.0.0.1:1/mcp", null, null, null, null,
      Map.of("send_money", new GatewayConfig.ToolLabel(true, "trusted", "personal", List.of("public"))), null, null)));

  @Test
  void labelledTool_getsTheOperatorsLabels() {
    ToolLabels labels = stage.labelsOf(new ToolDefinition("bank.send_money", "bank", "send_money", "sha256:00", Map.of()));

    assertThat(labels.consequential()).isTrue();
    assertThat(labels.trusted()).isTrue();
    assertThat(labels.receives()).containsExactly("public");
  }

  @Test
  void sameToolNameOnAnotherUpstream_isUnlabelled() {
    assertThat(stage.labelsOf(new ToolDefinition("shop.send_money", "shop", "send_money", "sha256:00", Map.of())))
        .isEqualTo(ToolLabels.UNLABELLED);
  }

  @Test
  void guardedArgumentsAndTrustedValues_travelWithTheLabels() {
    var guarded = new ToolLabelStage(List.of(new GatewayConfig.UpstreamConfig("mail", "http://127.0.0.1:1/mcp", null, null, null, null,
        Map.of("send", new GatewayConfig.ToolLabel(true, null, null, null, List.of("recipients"), List.of("*@example.com"))), null, null)));

    ToolLabels labels = guarded.labelsOf(new ToolDefinition("mail.send", "mail", "send", "sha256:00", Map.of()));

    assertThat(labels.guards("recipients[0]")).isTrue();
    assertThat(labels.guards("body")).isFalse();
    assertThat(labels.vouchesFor("Bob@Example.com")).isTrue();
    assertThat(labels.vouchesFor("bob@example.com.evil.example")).isFalse();
  }
}
