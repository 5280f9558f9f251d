package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Official MCP SDK clients (TypeScript v1 and v2, Java) talk to real upstreams through the gateway. */
class SdkClientsThroughGatewayTest {
  @TempDir static Path dir;
  static GatewayFixture fixture;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    fixture = GatewayFixture.start(dir, "shadow", 4L << 20);
    token = fixture.admin().registerAndIssue("sdk-agent", "15m");
  }

  @AfterAll
  static void stop() {
    if (fixture != null) fixture.close();
  }

  @Test
  void v1Client_listsOnlyPermittedRegisteredTools_andEchoes() throws Exception {
    var events = fixture.client("v1", token).run(List.of(
        Map.of("op", "list"),
        Map.of("op", "call", "name", "everything.echo", "arguments", Map.of("message", "hello v1"))));

    assertThat(events.of("connected")).as(events.describe()).hasSize(1);
    assertThat(events.of("connected").getFirst().path("era").asText()).isEqualTo("legacy");
    assertThat(events.toolNames(0)).as(events.describe())
        .contains("everything.echo", "everything.trigger-long-running-operation", "modern.echo", "memory.read_graph")
        .doesNotContain("everything.get-env", "everything.get-sum", "everything.get-tiny-image", "echo")
        .allMatch(n -> n.startsWith("everything.") || n.startsWith("memory.") || n.startsWith("modern."));
    assertThat(events.text(1)).as(events.describe()).contains("hello v1");
  }

  @Test
  void v2ClientModernEra_speaks20260728ThroughGateway_toLegacyUpstream() throws Exception {
    var events = fixture.client("v2", token).era("modern").run(List.of(
        Map.of("op", "list"),
        Map.of("op", "call", "name", "everything.echo", "arguments", Map.of("message", "hello modern"))));

    var connected = events.of("connected");
    assertThat(connected).as(events.describe()).hasSize(1);
    assertThat(connected.getFirst().path("era").asText()).isEqualTo("modern");
    assertThat(connected.getFirst().path("protocolVersion").asText()).isEqualTo("2026-07-28");
    assertThat(events.toolNames(0)).as(events.describe()).contains("everything.echo").doesNotContain("everything.get-sum");
    assertThat(events.text(1)).as(events.describe()).contains("hello modern");
  }

  @Test
  void v2ClientAutoEra_endsModern() throws Exception {
    var events = fixture.client("v2", token).era("auto").run(List.of(
        Map.of("op", "call", "name", "everything.echo", "arguments", Map.of("message", "hello auto"))));

    assertThat(events.of("connected")).as(events.describe()).hasSize(1);
    assertThat(events.of("connected").getFirst().path("era").asText()).as(events.describe()).isEqualTo("modern");
    assertThat(events.of("connected").getFirst().path("protocolVersion").asText()).isEqualTo("2026-07-28");
    assertThat(events.text(0)).as(events.describe()).contains("hello auto");
  }

  @Test
  void javaSdkClient_initializesListsAndEchoes() {
    var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + fixture.gateway().port())
        .endpoint("/mcp/e2e")
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
        .build();
    // The SDK's default schema validator needs json-schema-validator 3.x; the gateway's modules bring 1.5.x.
    JsonSchemaValidator acceptAll = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    try (var client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).jsonSchemaValidator(acceptAll).build()) {
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.protocolVersion()).isNotBlank();

      var names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertThat(names).contains("everything.echo", "modern.echo").doesNotContain("everything.get-env", "everything.get-sum");

      var result = client.callTool(new McpSchema.CallToolRequest("everything.echo", Map.of("message", "hello java")));
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(((McpSchema.TextContent) result.content().getFirst()).text()).contains("hello java");
    }
  }

  @Test
  void progressNotifications_passThrough_v1AndV2Modern() throws Exception {
    var steps = List.of(Map.of("op", "call", "name", "everything.trigger-long-running-operation",
        "arguments", Map.of("duration", 2, "steps", 2), "progress", true));
    var v1 = fixture.client("v1", token).run(steps);
    var v2 = fixture.client("v2", token).era("modern").run(steps);

    assertThat(v1.of("progress")).as(v1.describe()).hasSize(2);
    assertThat(v1.of("result")).as(v1.describe()).hasSize(1);
    assertThat(v2.of("progress")).as(v2.describe()).hasSize(2);
    assertThat(v2.of("result")).as(v2.describe()).hasSize(1);
    assertThat(v2.of("progress").getLast().path("progress").asDouble()).isEqualTo(2.0);
  }

  @Test
  void sameToolNameOnTwoUpstreams_isNamespaced_andBothAnswer() throws Exception {
    var events = fixture.client("v1", token).run(List.of(
        Map.of("op", "list"),
        Map.of("op", "call", "name", "everything.echo", "arguments", Map.of("message", "twin")),
        Map.of("op", "call", "name", "modern.echo", "arguments", Map.of("message", "twin"))));

    assertThat(events.toolNames(0)).as(events.describe()).contains("everything.echo", "modern.echo");
    String fromEverything = events.text(1);
    String fromModern = events.text(2);
    assertThat(fromModern).isEqualTo("Shadow: twin");
    assertThat(fromEverything).isEqualTo("Echo: twin");
  }
}
