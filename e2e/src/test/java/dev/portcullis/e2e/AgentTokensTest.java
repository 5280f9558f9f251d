package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent tokens at the MCP endpoint: missing, forged, expired and disabled ones are refused with 401. */
class AgentTokensTest {
  @TempDir static Path dir;
  static GatewayFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = GatewayFixture.start(dir, null, 4L << 20);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) fixture.close();
  }

  @Test
  void missingToken_is401_withResourceMetadataChallenge() throws Exception {
    var response = RawMcp.post(fixture.url(), null, RawMcp.INITIALIZE);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().contains("resource_metadata=");
  }

  @Test
  void validToken_isAccepted_butForgedSignature_is401() throws Exception {
    String token = fixture.admin().registerAndIssue("forger", "15m");
    assertThat(RawMcp.post(fixture.url(), token, RawMcp.INITIALIZE).statusCode()).isEqualTo(200);

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    char[] signature = parts[2].toCharArray();
    int middle = signature.length / 2;
    signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
    String forged = parts[0] + "." + parts[1] + "." + new String(signature);

    var response = RawMcp.post(fixture.url(), forged, RawMcp.INITIALIZE);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain(forged);
  }

  @Test
  void expiredToken_is401() throws Exception {
    String token = fixture.admin().registerAndIssue("short-lived", "1s");
    // Past expiry plus the configured one-second clock skew; not a timed assertion.
    Thread.sleep(3_000);

    assertThat(RawMcp.post(fixture.url(), token, RawMcp.INITIALIZE).statusCode()).isEqualTo(401);
  }

  @Test
  void tokenOfDisabledAgent_is401() throws Exception {
    String token = fixture.admin().registerAndIssue("to-disable", "15m");
    assertThat(RawMcp.post(fixture.url(), token, RawMcp.INITIALIZE).statusCode()).isEqualTo(200);

    fixture.admin().post("/agents/to-disable/disable", Map.of());

    assertThat(RawMcp.post(fixture.url(), token, RawMcp.INITIALIZE).statusCode()).isEqualTo(401);
  }

  @Test
  void protectedResourceMetadata_namesResourceAndAuthorizationServers() throws Exception {
    String base = "http://127.0.0.1:" + fixture.gateway().port();
    var response = RawMcp.get(base + "/.well-known/oauth-protected-resource/mcp/e2e");
    var challenge = RawMcp.post(fixture.url(), null, RawMcp.INITIALIZE).headers().firstValue("WWW-Authenticate").orElse("");

    assertThat(challenge).contains("resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp/e2e\"");
    assertThat(response.statusCode()).isEqualTo(200);
    var json = Json.parse(response.body());
    assertThat(fixture.url()).startsWith(json.path("resource").asText());
    assertThat(json.path("resource").asText()).startsWith(base);
    assertThat(json.path("authorization_servers").isArray()).isTrue();
    assertThat(json.path("authorization_servers").size()).isPositive();
  }
}
