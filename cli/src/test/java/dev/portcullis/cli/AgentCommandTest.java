package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentCommandTest {
  private static final String AGENT = """
      {"id":"billing-bot","owner":"alice","description":"pays invoices","status":"active",
       "labels":{"team":"finance"},"createdAt":"2025-01-01T00:00:00Z","lastSeenAt":null}""";
  private final StubAdminServer server;
  private final CliRun cli;

  AgentCommandTest() throws IOException {
    server = new StubAdminServer();
    cli = CliRun.against(server, "t0k");
  }

  @AfterEach
  void stop() { server.close(); }

  @Test
  void register_postsIdOwnerDescriptionAndLabels() throws IOException {
    server.answer("POST", "/agents", 201, AGENT);

    var result = cli.run("agent", "register", "billing-bot", "--owner", "alice", "--description", "pays invoices",
        "--label", "team=finance", "--label", "env=prod");

    assertThat(result.exitCode()).isZero();
    var request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/admin/v1/agents");
    assertThat(request.authorization()).isEqualTo("Bearer t0k");
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode body = AdminClient.JSON.readTree(request.body());
    assertThat(body.path("id").asText()).isEqualTo("billing-bot");
    assertThat(body.path("owner").asText()).isEqualTo("alice");
    assertThat(body.path("description").asText()).isEqualTo("pays invoices");
    assertThat(body.path("labels").path("team").asText()).isEqualTo("finance");
    assertThat(body.path("labels").path("env").asText()).isEqualTo("prod");
    assertThat(result.out()).contains("registered agent billing-bot").contains("team=finance");
  }

  @Test
  void register_existingAgent_exitsOneWithConflictMessage() {
    server.answer("POST", "/agents", 409, "{\"error\":{\"status\":409,\"message\":\"agent billing-bot already exists\"}}");

    var result = cli.run("agent", "register", "billing-bot", "--owner", "alice");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("agent billing-bot already exists");
  }

  @Test
  void list_printsAlignedTable() {
    server.answer("GET", "/agents", 200, """
        {"agents":[%s,{"id":"x","owner":"bob-the-long-owner","status":"disabled","labels":{}}]}""".formatted(AGENT));

    var result = cli.run("agent", "list");

    assertThat(result.exitCode()).isZero();
    var lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("ID").contains("OWNER").contains("STATUS");
    int statusColumn = lines.get(0).indexOf("STATUS");
    assertThat(lines.get(1).indexOf("active")).isEqualTo(statusColumn);
    assertThat(lines.get(2).indexOf("disabled")).isEqualTo(statusColumn);
  }

  @Test
  void list_withJson_printsTheAnswerAsReceived() {
    String answer = "{\"agents\":[" + AGENT + "]}";
    server.answer("GET", "/agents", 200, answer);

    var result = cli.run("agent", "list", "--json");

    assertThat(result.out().strip()).isEqualTo(answer.strip());
  }

  @Test
  void show_encodesTheIdAsOnePathSegment() {
    server.answer("GET", "/agents/a%20b%2Fc", 200, AGENT);

    var result = cli.run("agent", "show", "a b/c");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/agents/a%20b%2Fc");
    assertThat(result.out()).contains("owner:").contains("alice");
  }

  @Test
  void disableAndEnable_postToTheirPaths() {
    server.answer("POST", "/agents/billing-bot/disable", 200, AGENT.replace("active", "disabled"));
    server.answer("POST", "/agents/billing-bot/enable", 200, AGENT);

    var disabled = cli.run("agent", "disable", "billing-bot");
    var enabled = cli.run("agent", "enable", "billing-bot");

    assertThat(server.requests()).extracting(StubAdminServer.Request::method, StubAdminServer.Request::rawPath)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/admin/v1/agents/billing-bot/disable"),
            org.assertj.core.groups.Tuple.tuple("POST", "/admin/v1/agents/billing-bot/enable"));
    assertThat(disabled.out()).contains("agent billing-bot is disabled");
    assertThat(enabled.out()).contains("agent billing-bot is active");
  }

  @Test
  void issueToken_printsOnlyTheTokenOnStdout() throws IOException {
    server.answer("POST", "/agents/billing-bot/tokens", 200,
        "{\"token\":\"eyJ.agent.token\",\"tokenType\":\"Bearer\",\"expiresAt\":\"2025-01-01T00:15:00Z\",\"tokenId\":\"tk-1\"}");

    var result = cli.run("agent", "issue-token", "billing-bot", "--ttl", "15m");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("eyJ.agent.token" + System.lineSeparator());
    assertThat(result.err()).contains("2025-01-01T00:15:00Z").contains("tk-1").doesNotContain("eyJ.agent.token");
    assertThat(AdminClient.JSON.readTree(server.onlyRequest().body()).path("ttl").asText()).isEqualTo("15m");
  }

  @Test
  void issueToken_withoutTtl_sendsEmptyObject() {
    server.answer("POST", "/agents/billing-bot/tokens", 200, "{\"token\":\"tok\",\"expiresAt\":\"later\"}");

    cli.run("agent", "issue-token", "billing-bot");

    assertThat(server.onlyRequest().body()).isEqualTo("{}");
  }

  @Test
  void issueToken_answerWithoutToken_fails() {
    server.answer("POST", "/agents/billing-bot/tokens", 200, "{\"expiresAt\":\"later\"}");

    var result = cli.run("agent", "issue-token", "billing-bot");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
  }
}
