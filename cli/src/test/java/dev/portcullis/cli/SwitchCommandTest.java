package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwitchCommandTest {
  private final StubAdminServer server;
  private final CliRun cli;

  SwitchCommandTest() throws IOException {
    server = new StubAdminServer();
    cli = CliRun.against(server, "t0k");
  }

  @AfterEach
  void stop() { server.close(); }

  @Test
  void engage_postsScopeTargetReasonAndBy() throws IOException {
    server.answer("POST", "/switches", 200, "{\"scope\":\"agent\",\"target\":\"billing-bot\"}");

    var result = cli.run("switch", "engage", "agent", "billing-bot", "--reason", "looping", "--by", "frank");

    assertThat(result.exitCode()).isZero();
    JsonNode body = AdminClient.JSON.readTree(server.onlyRequest().body());
    assertThat(body.path("scope").asText()).isEqualTo("agent");
    assertThat(body.path("target").asText()).isEqualTo("billing-bot");
    assertThat(body.path("reason").asText()).isEqualTo("looping");
    assertThat(body.path("by").asText()).isEqualTo("frank");
    assertThat(result.out()).contains("kill switch engaged: agent billing-bot");
  }

  @Test
  void engage_withoutReason_isAUsageError() {
    var result = cli.run("switch", "engage", "agent", "billing-bot");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--reason");
  }

  @Test
  void release_deletesTheEncodedScopeAndTarget() {
    server.answer("DELETE", "/switches/tool/gh%2Fcreate%20issue", 204, "");

    var result = cli.run("switch", "release", "tool", "gh/create issue");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().method()).isEqualTo("DELETE");
    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/switches/tool/gh%2Fcreate%20issue");
    assertThat(result.out()).contains("kill switch released");
  }

  @Test
  void release_notEngaged_exitsOne() {
    var result = cli.run("switch", "release", "agent", "nobody");

    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void list_printsEngagedSwitches() {
    server.answer("GET", "/switches", 200,
        "{\"switches\":[{\"scope\":\"global\",\"target\":\"*\",\"reason\":\"incident 42\",\"by\":\"gina\",\"at\":\"t0\"}]}");

    var result = cli.run("switch", "list");

    assertThat(result.out()).contains("SCOPE").contains("global").contains("incident 42").contains("gina");
  }
}
