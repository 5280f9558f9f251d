package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.audit.AuditVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway in a child JVM killed with SIGKILL under load keeps an outcome record of every call it acknowledged. */
class KilledGatewayTest {
  private static final int THREADS = 4;
  private static final int CALLS_PER_THREAD = 300;

  @TempDir Path dir;
  private final Processes processes = new Processes();

  @AfterEach
  void stop() { processes.close(); }

  @Test
  void sigkillUnderLoad_auditVerifies_andRecordsEveryAcknowledgedCall() throws Exception {
    int everythingPort = Processes.freePort();
    var everything = new ProcessBuilder("node",
        GatewayFixture.NODE_MODULES.resolve("@modelcontextprotocol/server-everything/dist/index.js").toString(), "streamableHttp")
        .redirectErrorStream(true).redirectOutput(dir.resolve("everything.log").toFile());
    everything.environment().put("PORT", Integer.toString(everythingPort));
    Processes.awaitPort(everythingPort, processes.start(everything), Duration.ofSeconds(30));

    int port = Processes.freePort();
    int adminPort = Processes.freePort();
    Path data = dir.resolve("data");
    Path policy = Files.createDirectories(dir.resolve("policy"));
    Files.writeString(policy.resolve("e2e.yaml"), GatewayFixture.POLICY);
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        listen: {host: 127.0.0.1, port: %d}
        admin: {host: 127.0.0.1, port: %d}
        data-dir: "%s"
        identity:
          allow-bearer-agent-tokens: true
        upstreams:
          - name: everything
            url: http://127.0.0.1:%d/mcp
        servers:
          - name: e2e
            upstreams: [everything]
        tools:
          approve:
            everything.echo: first-seen
        policy:
          files: ["%s"]
        """.formatted(port, adminPort, data, everythingPort, policy));
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process gateway = processes.start(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "dev.portcullis.app.Main", "serve", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()));
    Processes.awaitPort(adminPort, gateway, Duration.ofSeconds(60));
    Processes.awaitPort(port, gateway, Duration.ofSeconds(10));
    var admin = new Admin(adminPort, Files.readString(data.resolve("admin.token")).trim());
    String token = admin.registerAndIssue("load-agent", "15m");

    var acknowledged = new AtomicInteger();
    var threads = new ArrayList<Thread>();
    for (int t = 0; t < THREADS; t++) {
      var agent = new Agent("http://127.0.0.1:" + port + "/mcp/e2e", token);
      threads.add(Thread.ofPlatform().start(() -> agent.callUntilFailure(CALLS_PER_THREAD, acknowledged)));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (acknowledged.get() < 40 && System.nanoTime() < deadline && gateway.isAlive()) Thread.sleep(20);
    assertThat(acknowledged.get()).as("calls acknowledged before the kill").isGreaterThanOrEqualTo(40);

    gateway.destroyForcibly();
    assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
    for (Thread t : threads) t.join(Duration.ofSeconds(60));
    int acked = acknowledged.get();

    var report = AuditVerifier.verify(data.resolve("audit.log"), null);
    assertThat(report.problems()).isEmpty();
    assertThat(report.ok()).isTrue();
    long okCallOutcomes = Files.readAllLines(data.resolve("audit.log")).stream().filter(l -> l.startsWith("{")).map(Json::parse)
        .filter(r -> r.path("type").asText().equals("outcome"))
        .filter(r -> r.path("fields").path("method").asText().equals("tools/call"))
        .filter(r -> r.path("fields").path("status").asText().equals("ok"))
        .count();
    assertThat(okCallOutcomes).as("ok tools/call outcomes in the log vs. %d acknowledged calls", acked).isGreaterThanOrEqualTo(acked);
  }

  /** A minimal MCP client over Streamable HTTP (2025-11-25) that counts successful tool calls. */
  private static final class Agent {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String url;
    private final String token;
    private String session;
    private int nextId;

    Agent(String url, String token) {
      this.url = url;
      this.token = token;
    }

    void callUntilFailure(int calls, AtomicInteger acknowledged) {
      try {
        send(RawMcp.INITIALIZE);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        for (int i = 0; i < calls; i++) {
          JsonNode response = send("{\"jsonrpc\":\"2.0\",\"id\":" + (++nextId + 1)
              + ",\"method\":\"tools/call\",\"params\":{\"name\":\"everything.echo\",\"arguments\":{\"message\":\"load\"}}}");
          if (response != null && response.has("result") && !response.path("result").path("isError").asBoolean(false)) {
            acknowledged.incrementAndGet();
          }
        }
      } catch (IOException | InterruptedException gatewayGone) {
        // the gateway was killed: stop
      }
    }

    private JsonNode send(String body) throws IOException, InterruptedException {
      var builder = HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream")
          .timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (session != null) builder.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
      HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      response.headers().firstValue("Mcp-Session-Id").ifPresent(s -> session = s);
      if (response.statusCode() != 200) return null;
      JsonNode last = null;
      if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
        for (String line : response.body().split("\n")) {
          if (line.startsWith("data:")) last = Json.parse(line.substring(5).trim());
        }
        return last;
      }
      return response.body().isBlank() ? null : Json.parse(response.body());
    }
  }
}
