package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code portcullis agent inventory}, {@code agent instances} and {@code agent revoke-instance}. */
class AgentInventoryCommandTest {
  private static final String INVENTORY = """
      {"agents":[
        {"id":"reader-bot","owner":"alice","status":"active","labels":{},"lastSeenAt":"2026-03-01T09:00:00Z",
         "instances":[
           {"id":"i-1","subject":"spiffe://pc.test/agent/reader-bot/i/i-1","jkt":"k1","status":"active",
            "lastSeenAt":"2026-03-01T09:59:00.5Z"},
           {"id":"i-2","subject":"spiffe://pc.test/agent/reader-bot/i/i-2","jkt":"k2","status":"revoked",
            "lastSeenAt":"2026-03-01T09:30:00Z"}],
         "tools":["files.read","files.list","files.stat","files.search","files.head"]},
        {"id":"idle-bot","owner":"bob","status":"disabled","labels":{},"lastSeenAt":null,"instances":[],"tools":[]},
        {"id":"one-bot","owner":"carol","status":"active","labels":{},"lastSeenAt":"not a time",
         "instances":[],"tools":["files.read"]}]}""";
  private final StubAdminServer server;
  private final CliRun cli;

  AgentInventoryCommandTest() throws IOException {
    server = new StubAdminServer();
    cli = CliRun.against(server, "t0k");
  }

  @AfterEach
  void stop() { server.close(); }

  @Test
  void inventory_printsOwnerInstancesToolsAndLastActed() {
    server.answer("GET", "/inventory", 200, INVENTORY);

    var result = cli.run("agent", "inventory");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/inventory");
    var lines = result.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("AGENT").contains("OWNER", "STATUS", "INSTANCES", "TOOLS IT MAY CALL", "LAST ACTED");
    assertThat(lines.get(1)).startsWith("reader-bot").contains("alice", "2 (1 revoked)",
        "5: files.read, files.list, files.stat, +2 more", "2026-03-01T09:59:00.500Z");
    assertThat(lines.get(2)).startsWith("idle-bot").contains("bob", "disabled").endsWith("-");
    assertThat(lines.get(3)).startsWith("one-bot").contains("1: files.read").endsWith("-");
    int toolsColumn = lines.get(0).indexOf("TOOLS IT MAY CALL");
    assertThat(lines.get(1).indexOf("5: files.read")).isEqualTo(toolsColumn);
  }

  @Test
  void inventory_withJson_printsTheAnswerAsReceived() {
    server.answer("GET", "/inventory", 200, INVENTORY);

    var result = cli.run("agent", "inventory", "--json");

    assertThat(result.out().strip()).isEqualTo(INVENTORY.strip());
  }

  @Test
  void inventory_noAgents_saysSo() {
    server.answer("GET", "/inventory", 200, "{\"agents\":[]}");

    assertThat(cli.run("agent", "inventory").out()).isEqualTo("no agents registered" + System.lineSeparator());
  }

  @Test
  void inventory_escapesTerminalControlInNames() {
    server.answer("GET", "/inventory", 200,
        "{\"agents\":[{\"id\":\"x\",\"owner\":\"ev\\u001b[2Jil\",\"status\":\"active\",\"instances\":[],"
            + "\"tools\":[\"a\\u202eb\"]}]}");

    var result = cli.run("agent", "inventory");

    assertThat(result.out()).doesNotContain("\u001b").doesNotContain("\u202e").contains("ev\\u001B[2Jil", "a\\u202Eb");
  }

  @Test
  void instances_getsTheEncodedAgentAndPrintsATable() {
    server.answer("GET", "/agents/reader%20bot/instances", 200, """
        {"instances":[{"id":"i-1","subject":"spiffe://pc.test/agent/reader-bot/i/i-1","jkt":"k1","status":"active",
         "createdAt":"2026-03-01T08:00:00Z","rotatedAt":null,"lastSeenAt":"2026-03-01T09:59:00Z"}]}""");

    var result = cli.run("agent", "instances", "reader bot");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/agents/reader%20bot/instances");
    assertThat(result.out()).contains("ID", "SUBJECT", "KEY (JKT)", "i-1", "spiffe://pc.test/agent/reader-bot/i/i-1",
        "k1", "2026-03-01T09:59:00Z");
  }

  @Test
  void instances_none_saysSo() {
    server.answer("GET", "/agents/idle-bot/instances", 200, "{\"instances\":[]}");

    assertThat(cli.run("agent", "instances", "idle-bot").out()).contains("agent idle-bot has no instances");
  }

  @Test
  void instances_unknownAgent_exitsOneWithTheGatewaysMessage() {
    server.answer("GET", "/agents/ghost/instances", 404, "{\"error\":{\"status\":404,\"message\":\"no agent 'ghost'\"}}");

    var result = cli.run("agent", "instances", "ghost");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("no agent 'ghost' (HTTP 404)");
  }

  @Test
  void revokeInstance_postsReasonAndBy() throws IOException {
    server.answer("POST", "/agents/reader-bot/instances/i-1/revoke", 200,
        "{\"id\":\"i-1\",\"subject\":\"spiffe://pc.test/agent/reader-bot/i/i-1\",\"status\":\"revoked\"}");

    var result = cli.run("agent", "revoke-instance", "reader-bot", "i-1", "--reason", "key leaked", "--by", "sec");

    assertThat(result.exitCode()).isZero();
    JsonNode body = AdminClient.JSON.readTree(server.onlyRequest().body());
    assertThat(body.path("reason").asText()).isEqualTo("key leaked");
    assertThat(body.path("by").asText()).isEqualTo("sec");
    assertThat(result.out()).contains("instance i-1 of agent reader-bot is revoked");
  }

  @Test
  void revokeInstance_withoutReason_isAUsageError() {
    var result = cli.run("agent", "revoke-instance", "reader-bot", "i-1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--reason");
    assertThat(server.requests()).isEmpty();
  }
}
