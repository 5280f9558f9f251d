package dev.portcullis.e2e;

import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.GatewayConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real gateway in this JVM in front of real MCP servers: the reference "everything" server over
 * Streamable HTTP, the reference "memory" server over stdio and, optionally, {@code node/modern-server.mjs}
 * as upstream {@code modern}. Agents reach them all through the virtual server {@code e2e}.
 */
final class GatewayFixture implements AutoCloseable {
  /** Where the npm packages are, relative to the module directory (surefire's working directory). */
  static final Path NODE_MODULES = Path.of("node/node_modules").toAbsolutePath();

  /** The policy every fixture loads. */
  static final String POLICY = """
      rules:
        - id: echo-freely
          effect: allow
          description: "Agents may echo"
          tools: ["everything.echo", "modern.echo"]
        - id: long-operations
          effect: allow
          description: "Agents may run the long operation"
          tools: ["everything.trigger-long-running-operation"]
        - id: env-is-permitted
          effect: allow
          description: "Permitted by policy but never registered"
          tools: ["everything.get-env"]
        - id: read-the-graph
          effect: allow
          description: "Agents may read the knowledge graph"
          tools: ["memory.read_graph"]
        - id: writes-need-a-human
          effect: require_approval
          description: "Writing to the knowledge graph needs a human's approval"
          tools: ["memory.create_entities"]
        - id: never-delete
          effect: deny
          description: "Agents may not delete knowledge"
          tools: ["memory.delete_*"]
      """;

  /** Tools approved by configuration; {@code everything.get-sum} is approved but no rule permits it. */
  static final Map<String, String> APPROVED = Map.of(
      "everything.echo", "first-seen", "everything.trigger-long-running-operation", "first-seen",
      "everything.get-sum", "first-seen", "memory.read_graph", "first-seen",
      "memory.create_entities", "first-seen", "memory.delete_entities", "first-seen");

  private final Processes processes = new Processes();
  private final Path dir;
  private Process modern;
  private int modernPort;
  private Gateway gateway;
  private Admin admin;

  private GatewayFixture(Path dir) { this.dir = dir; }

  /**
   * Starts the upstreams and the gateway.
   *
   * @param dir             a fresh temporary directory for logs, policy and gateway data
   * @param modernVariant   the variant of {@code modern-server.mjs} to run as upstream {@code modern}, or
   *                        {@code null} for none
   * @param maxRequestBytes the gateway's request body limit
   */
  static GatewayFixture start(Path dir, String modernVariant, long maxRequestBytes) throws Exception {
    var f = new GatewayFixture(dir);
    try {
      f.boot(modernVariant, maxRequestBytes);
      return f;
    } catch (Exception | Error e) {
      f.close();
      throw e;
    }
  }

  private void boot(String modernVariant, long maxRequestBytes) throws Exception {
    int everythingPort = Processes.freePort();
    var everything = new ProcessBuilder("node", NODE_MODULES.resolve("@modelcontextprotocol/server-everything/dist/index.js").toString(),
        "streamableHttp").redirectErrorStream(true).redirectOutput(dir.resolve("everything.log").toFile());
    everything.environment().put("PORT", Integer.toString(everythingPort));
    Process e = processes.start(everything);
    Processes.awaitPort(everythingPort, e, Duration.ofSeconds(30));
    boolean withModern = modernVariant != null;
    if (withModern) {
      modern = startModern(0, modernVariant);
    }
    Path policy = Files.createDirectories(dir.resolve("policy"));
    Files.writeString(policy.resolve("e2e.yaml"), POLICY);
    var upstreams = new ArrayList<GatewayConfig.UpstreamConfig>();
    upstreams.add(new GatewayConfig.UpstreamConfig("everything", "http://127.0.0.1:" + everythingPort + "/mcp", null, null, null, null));
    upstreams.add(new GatewayConfig.UpstreamConfig("memory", null,
        List.of("node", NODE_MODULES.resolve("@modelcontextprotocol/server-memory/dist/index.js").toString()),
        Map.of("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString()), null, null));
    var approve = new java.util.HashMap<>(APPROVED);
    if (withModern) {
      upstreams.add(new GatewayConfig.UpstreamConfig("modern", "http://127.0.0.1:" + modernPort + "/mcp", null, null, null, null));
      approve.put("modern.echo", "first-seen");
    }
    var servers = List.of(new GatewayConfig.ServerConfig("e2e", upstreams.stream().map(GatewayConfig.UpstreamConfig::name).toList(), null));
    var config = new GatewayConfig(new GatewayConfig.Endpoint("127.0.0.1", 0), new GatewayConfig.Endpoint("127.0.0.1", 0), null,
        dir.resolve("data"), new GatewayConfig.Limits(maxRequestBytes, null, null, null),
        // These tests drive plain SDK clients with the admin-issued agent credential as a bearer token;
        // proof of possession and delegation have end-to-end tests of their own.
        new GatewayConfig.Identity(null, null, null, Duration.ofSeconds(1), true, null, null, null, null, null, null), upstreams, servers,
        new GatewayConfig.Tools(approve, null), new GatewayConfig.Policy(List.of(policy)),
        new GatewayConfig.Approvals(Duration.ofMinutes(2), null), null);
    gateway = Gateway.start(config);
    admin = new Admin(gateway.adminPort(), gateway.adminToken());
  }

  /** Starts {@code modern-server.mjs} on {@code port} (0: any) and returns it once it listens. */
  private Process startModern(int port, String variant) throws IOException {
    Process p = processes.start(new ProcessBuilder("node", "node/modern-server.mjs", "--port", Integer.toString(port), "--variant", variant)
        .redirectError(dir.resolve("modern-" + variant + ".err").toFile()));
    var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null) throw new IOException("modern-server.mjs exited before listening: " + Files.readString(dir.resolve("modern-" + variant + ".err")));
    modernPort = Json.parse(line).path("port").asInt();
    Thread.ofVirtual().start(() -> {
      try {
        while (reader.readLine() != null) { /* drain */ }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    return p;
  }

  /** Stops the {@code modern} upstream and starts it again on the same port as {@code variant}. */
  void restartModern(String variant) throws IOException, InterruptedException {
    int port = modernPort;
    Processes.stop(modern);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        modern = startModern(port, variant);
        if (modernPort == port) return;
        throw new IOException("modern-server.mjs listened on " + modernPort + " instead of " + port);
      } catch (IOException portStillBusy) {
        if (System.nanoTime() > deadline) throw portStillBusy;
        Thread.sleep(200);
      }
    }
  }

  /** The gateway. */
  Gateway gateway() { return gateway; }

  /** The admin API client. */
  Admin admin() { return admin; }

  /** The URL of the virtual server {@code e2e}. */
  String url() { return "http://127.0.0.1:" + gateway.port() + "/mcp/e2e"; }

  /** The audit log file. */
  Path auditLog() { return gateway.config().dataDir().resolve("audit.log"); }

  /** The directory for logs of client runs. */
  Path dir() { return dir; }

  /** A TypeScript SDK client of the virtual server. */
  NodeClient client(String sdk, String token) { return NodeClient.of(sdk, url(), token, dir); }

  @Override
  public void close() {
    try {
      if (gateway != null) gateway.close();
    } finally {
      processes.close();
    }
  }
}
