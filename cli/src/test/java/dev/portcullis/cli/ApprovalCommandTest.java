package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApprovalCommandTest {
  private static final String APPROVAL = """
      {"id":"ap-1","exchangeId":"ex-1","agentId":"billing-bot","tool":"bank.transfer","argsDigest":"sha256:ccc",
       "policyVersion":"7","rule":"big-transfers","reason":"over 1000","status":"%s","createdAt":"t0","expiresAt":"t1",
       "decidedBy":"%s","decidedAt":null,"comment":null}""";
  private final StubAdminServer server;
  private final CliRun cli;

  ApprovalCommandTest() throws IOException {
    server = new StubAdminServer();
    cli = CliRun.against(server, "t0k");
  }

  @AfterEach
  void stop() { server.close(); }

  @Test
  void list_asksForPendingByDefault() {
    server.answer("GET", "/approvals?status=pending", 200, "{\"approvals\":[" + APPROVAL.formatted("pending", "") + "]}");

    var result = cli.run("approval", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/approvals?status=pending");
    assertThat(result.out()).contains("ap-1").contains("bank.transfer").contains("big-transfers");
  }

  @Test
  void list_all_omitsTheStatusFilter() {
    server.answer("GET", "/approvals", 200, "{\"approvals\":[]}");

    var result = cli.run("approval", "list", "--status", "all");

    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/approvals");
    assertThat(result.out()).contains("no approval requests");
  }

  @Test
  void approve_postsByAndComment() throws IOException {
    server.answer("POST", "/approvals/ap-1/approve", 200, APPROVAL.formatted("approved", "erin"));

    var result = cli.run("approval", "approve", "ap-1", "--by", "erin", "--comment", "expected invoice");

    assertThat(result.exitCode()).isZero();
    JsonNode body = AdminClient.JSON.readTree(server.onlyRequest().body());
    assertThat(body.path("by").asText()).isEqualTo("erin");
    assertThat(body.path("comment").asText()).isEqualTo("expected invoice");
    assertThat(result.out()).contains("approval ap-1 is approved (by erin)");
  }

  @Test
  void deny_defaultsByToTheOsUser() throws IOException {
    server.answer("POST", "/approvals/ap-1/deny", 200, APPROVAL.formatted("denied", "x"));

    cli.run("approval", "deny", "ap-1");

    JsonNode body = AdminClient.JSON.readTree(server.onlyRequest().body());
    assertThat(body.path("by").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(body.has("comment")).isFalse();
  }

  @Test
  void deny_notPending_exitsOne() {
    server.answer("POST", "/approvals/ap-1/deny", 409, "{\"error\":{\"status\":409,\"message\":\"approval ap-1 is expired\"}}");

    var result = cli.run("approval", "deny", "ap-1");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("approval ap-1 is expired");
  }

  @Test
  void list_unknownStatus_isAUsageError() {
    var result = cli.run("approval", "list", "--status", "maybe");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }
}
