package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.audit.AuditVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large messages, the request size limit, registry and policy refusals, approvals and the audit log, end to end. */
class PolicyLimitsAndAuditTest {
  private static final long LIMIT = 2L << 20;

  @TempDir static Path dir;
  static GatewayFixture fixture;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    fixture = GatewayFixture.start(dir, null, LIMIT);
    token = fixture.admin().registerAndIssue("policy-agent", "15m");
  }

  @AfterAll
  static void stop() {
    if (fixture != null) fixture.close();
  }

  @Test
  void oneMebibyteEcho_roundTripsThroughV1Client() throws Exception {
    String message = "0123456789abcdef".repeat(1 << 16);
    assertThat(message).hasSize(1_048_576);

    var events = fixture.client("v1", token).run(List.of(
        Map.of("op", "call", "name", "everything.echo", "arguments", Map.of("message", message))));

    String text = events.text(0);
    assertThat(text.length()).as(events.lines().isEmpty() ? events.describe() : "echo length").isGreaterThanOrEqualTo(message.length());
    assertThat(text.endsWith(message)).as("echo carries the whole message").isTrue();
  }

  @Test
  void requestBodyOverLimit_isAnswered413() throws Exception {
    String padding = "x".repeat((int) LIMIT + 4096);
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"everything.echo\",\"arguments\":{\"message\":\""
        + padding + "\"}}}";
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var request = HttpRequest.newBuilder(URI.create(fixture.url()))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void unregisteredTool_isRefusedWithJsonRpcError() throws Exception {
    var events = fixture.client("v1", token).run(List.of(
        Map.of("op", "call", "name", "everything.get-env", "arguments", Map.of())));

    var error = events.step("error", 0);
    assertThat(error.path("code").isInt()).as(events.describe()).isTrue();
    assertThat(error.path("code").asInt()).as(events.describe()).isNegative();
    assertThat(events.of("result")).isEmpty();
  }

  @Test
  void policyDeny_isRefusedWithMessageNamingTheRule() throws Exception {
    var events = fixture.client("v1", token).run(List.of(
        Map.of("op", "call", "name", "memory.delete_entities", "arguments", Map.of("entityNames", List.of("invoice-1")))));

    var error = events.step("error", 0);
    assertThat(error.path("message").asText()).as(events.describe()).contains("never-delete");
  }

  @Test
  void approvalHold_waitsForHuman_thenCompletes() throws Exception {
    var entity = Map.of("name", "held-entity", "entityType", "test", "observations", List.of("created after approval"));
    var call = fixture.client("v1", token).timeoutMs(120_000).start(List.of(
        Map.of("op", "call", "name", "memory.create_entities", "arguments", Map.of("entities", List.of(entity)))));

    var approval = fixture.admin().awaitPendingApproval(Duration.ofSeconds(60));
    assertThat(approval.path("tool").asText()).isEqualTo("memory.create_entities");
    assertThat(approval.path("rule").asText()).isEqualTo("writes-need-a-human");
    assertThat(call).isNotDone();
    fixture.admin().post("/approvals/" + approval.path("id").asText() + "/approve", Map.of("by", "reviewer@example.com"));

    var events = call.get(120, TimeUnit.SECONDS);
    assertThat(events.of("error")).as(events.describe()).isEmpty();
    assertThat(events.text(0)).as(events.describe()).contains("held-entity");
  }

  @Test
  void auditLog_verifies_andHoldsNoTokensNorArgumentValues() throws Exception {
    String marker = "e2e-marker-" + UUID.randomUUID();
    var events = fixture.client("v1", token).run(List.of(
        Map.of("op", "call", "name", "everything.echo", "arguments", Map.of("message", marker)),
        Map.of("op", "call", "name", "memory.delete_entities", "arguments", Map.of("entityNames", List.of(marker)))));
    assertThat(events.text(0)).as(events.describe()).contains(marker);

    var report = AuditVerifier.verify(fixture.auditLog(), null);
    assertThat(report.problems()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.records()).isPositive();
    String log = new String(Files.readAllBytes(fixture.auditLog()), StandardCharsets.UTF_8);
    assertThat(log).contains("everything.echo")
        .doesNotContain(token)
        .doesNotContain(fixture.gateway().adminToken())
        .doesNotContain(marker);
  }
}
