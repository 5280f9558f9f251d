package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tool whose definition changes behind the gateway after approval (a rug pull) is blocked until re-approved. */
class RugPullTest {
  @TempDir static Path dir;
  static GatewayFixture fixture;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    fixture = GatewayFixture.start(dir, "plain", 4L << 20);
    token = fixture.admin().registerAndIssue("rug-agent", "15m");
  }

  @AfterAll
  static void stop() {
    if (fixture != null) fixture.close();
  }

  @Test
  void changedDefinition_isBlocked_diffShowsDescription_andReapprovalRestores() throws Exception {
    var echo = List.of(Map.of("op", "call", "name", "modern.echo", "arguments", Map.of("message", "rug")));
    var before = fixture.client("v1", token).run(echo);
    assertThat(before.text(0)).as(before.describe()).isEqualTo("Echo: rug");

    fixture.restartModern("rugpull");
    fixture.admin().post("/tools/refresh", Map.of());

    var blocked = fixture.client("v1", token).run(echo);
    assertThat(blocked.of("result")).as(blocked.describe()).isEmpty();
    assertThat(blocked.step("error", 0).path("message").asText()).as(blocked.describe()).contains("definition changed");

    JsonNode diff = fixture.admin().get("/tools/modern.echo/diff");
    var fields = diff.path("differences").findValuesAsText("field");
    assertThat(fields).as(diff.toString()).anyMatch(f -> f.contains("description"));
    String offered = diff.path("offeredDigest").asText();
    assertThat(offered).startsWith("sha256:").isNotEqualTo(diff.path("approvedDigest").asText());

    fixture.admin().post("/tools/modern.echo/approve", Map.of("digest", offered, "by", "reviewer@example.com"));

    var after = fixture.client("v1", token).run(echo);
    assertThat(after.text(0)).as(after.describe()).isEqualTo("Echo: rug");
  }
}
