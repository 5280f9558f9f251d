package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code portcullis revoke} and {@code portcullis revocations}. */
class RevokeCommandTest {
  private static final String REVOKED = """
      {"kind":"user","target":"https://idp.example.com#alice","reason":"left","revokedBy":"sec",
       "revokedAt":"2026-03-01T10:00:00Z"}""";
  private final StubAdminServer server;
  private final CliRun cli;

  RevokeCommandTest() throws IOException {
    server = new StubAdminServer();
    cli = CliRun.against(server, "t0k");
  }

  @AfterEach
  void stop() { server.close(); }

  @Test
  void revoke_postsKindTargetReasonAndBy() throws IOException {
    server.answer("POST", "/revocations", 201, REVOKED);

    var result = cli.run("revoke", "user", "https://idp.example.com#alice", "--reason", "left", "--by", "sec");

    assertThat(result.exitCode()).isZero();
    var request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/admin/v1/revocations");
    JsonNode body = AdminClient.JSON.readTree(request.body());
    assertThat(body.path("kind").asText()).isEqualTo("user");
    assertThat(body.path("target").asText()).isEqualTo("https://idp.example.com#alice");
    assertThat(body.path("reason").asText()).isEqualTo("left");
    assertThat(body.path("by").asText()).isEqualTo("sec");
    assertThat(result.out()).isEqualTo("revoked user https://idp.example.com#alice" + System.lineSeparator());
  }

  @Test
  void revoke_kindInCapitals_isSentInLowerCase() throws IOException {
    server.answer("POST", "/revocations", 201, REVOKED);

    cli.run("revoke", "TXN", "txn-1", "--reason", "runaway");

    assertThat(AdminClient.JSON.readTree(server.onlyRequest().body()).path("kind").asText()).isEqualTo("txn");
  }

  @Test
  void revoke_alreadyRevoked_reportsTheFirstRevocation() {
    server.answer("POST", "/revocations", 200, REVOKED);

    var result = cli.run("revoke", "user", "https://idp.example.com#alice", "--reason", "again");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("was already revoked at 2026-03-01T10:00:00Z by sec (left)");
  }

  @Test
  void revoke_unknownKind_isAUsageErrorAndSendsNothing() {
    var result = cli.run("revoke", "planet", "mars", "--reason", "no");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("KIND must be one of agent, instance, user, task, txn, token");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void revoke_withoutReason_isAUsageError() {
    var result = cli.run("revoke", "agent", "billing-bot");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--reason");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void revoke_refusedByTheGateway_exitsOneWithItsMessage() {
    server.answer("POST", "/revocations", 400,
        "{\"error\":{\"status\":400,\"message\":\"a token is revoked by its id (jti), never by its value\"}}");

    var result = cli.run("revoke", "token", "eyJ.x.y", "--reason", "leaked");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("a token is revoked by its id (jti), never by its value (HTTP 400)");
  }

  @Test
  void revocations_printsATableOldestFirst() {
    server.answer("GET", "/revocations", 200, """
        {"revocations":[%s,{"kind":"agent","target":"billing-bot","reason":null,"revokedBy":"ops",
         "revokedAt":"2026-03-01T11:00:00Z"}]}""".formatted(REVOKED));

    var result = cli.run("revocations");

    assertThat(result.exitCode()).isZero();
    var lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("KIND").contains("TARGET", "REASON", "BY", "AT");
    assertThat(lines.get(1)).startsWith("user").contains("https://idp.example.com#alice", "left", "sec");
    assertThat(lines.get(2)).startsWith("agent").contains("billing-bot", "-", "ops", "2026-03-01T11:00:00Z");
  }

  @Test
  void revocations_none_saysSo() {
    server.answer("GET", "/revocations", 200, "{\"revocations\":[]}");

    assertThat(cli.run("revocations").out()).isEqualTo("no revocations" + System.lineSeparator());
  }

  @Test
  void revocations_withJson_printsTheAnswerAsReceived() {
    String answer = "{\"revocations\":[" + REVOKED + "]}";
    server.answer("GET", "/revocations", 200, answer);

    assertThat(cli.run("revocations", "--json").out().strip()).isEqualTo(answer.strip());
  }
}
