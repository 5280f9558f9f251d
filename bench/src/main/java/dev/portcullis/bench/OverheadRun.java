package dev.portcullis.bench;

import dev.portcullis.mcp.Json;
import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.GatewayConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what the gateway adds to a tools/call: the same echo call made directly to the
 * upstream MCP server and through the gateway, alternating in rounds within one run so both see
 * the same machine state. Prints latency percentiles of each and their ratio.
 *
 * <p>Usage: {@code OverheadRun <node_modules dir> [calls per side, default 2000] [warm-up, default 500]}
 */
public final class OverheadRun {
  private OverheadRun() {}

  public static void main(String[] args) throws Exception {
    Path modules = Path.of(args.length > 0 ? args[0] : "e2e/node/node_modules");
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int port = freePort();
    var pb = new ProcessBuilder("node", modules.resolve("@modelcontextprotocol/server-everything/dist/index.js").toString(),
        "streamableHttp").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PORT", Integer.toString(port));
    Process upstream = pb.start();
    Path data = Files.createTempDirectory("portcullis-bench-");
    try {
      awaitPort(port);
      Path policy = data.resolve("policy.yaml");
      Files.writeString(policy, "rules:\n  - id: echo\n    effect: allow\n    tools: [\"everything.echo\"]\n");
      var config = new GatewayConfig(new GatewayConfig.Endpoint("127.0.0.1", 0), new GatewayConfig.Endpoint("127.0.0.1", 0),
          null, data, null,
          // Measures the plain request path: the agent presents its credential as a bearer token.
          new GatewayConfig.Identity(null, null, null, null, true, null, null, null, null, null, null),
          List.of(new GatewayConfig.UpstreamConfig("everything", "http://127.0.0.1:" + port + "/mcp", null, null, null, null)),
          List.of(new GatewayConfig.ServerConfig("bench", List.of("everything"), null)),
          new GatewayConfig.Tools(Map.of("everything.echo", "first-seen"), Duration.ofMinutes(10)),
          new GatewayConfig.Policy(List.of(policy)), null, null);
      try (Gateway gateway = Gateway.start(config)) {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = issueToken(http, gateway);
        var direct = new Client(http, "http://127.0.0.1:" + port + "/mcp", null, "echo");
        var through = new Client(http, "http://127.0.0.1:" + gateway.port() + "/mcp/bench", token, "everything.echo");
        direct.initialize();
        through.initialize();
        for (int i = 0; i < warmup; i++) {
          direct.call();
          through.call();
        }
        long[] d = new long[calls];
        long[] g = new long[calls];
        for (int i = 0; i < calls; i++) {
          d[i] = direct.call();
          g[i] = through.call();
        }
        report("direct to upstream", d);
        report("through Portcullis", g);
        System.out.printf("overhead: p50 +%.2f ms (x%.2f), p90 +%.2f ms, p99 +%.2f ms (x%.2f)%n",
            (pct(g, 50) - pct(d, 50)) / 1e6, (double) pct(g, 50) / pct(d, 50), (pct(g, 90) - pct(d, 90)) / 1e6,
            (pct(g, 99) - pct(d, 99)) / 1e6, (double) pct(g, 99) / pct(d, 99));
      }
    } finally {
      upstream.destroy();
    }
  }

  @SuppressWarnings("unchecked")
  private static String issueToken(HttpClient http, Gateway gateway) throws IOException, InterruptedException {
    String admin = "http://127.0.0.1:" + gateway.adminPort() + "/admin/v1";
    for (var call : List.of(List.of("/agents", "{\"id\":\"bench\",\"owner\":\"bench\"}"), List.of("/agents/bench/tokens", "{\"ttl\":\"1h\"}"))) {
      var r = http.send(HttpRequest.newBuilder(URI.create(admin + call.get(0))).header("Authorization", "Bearer " + gateway.adminToken())
          .POST(HttpRequest.BodyPublishers.ofString(call.get(1))).build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() / 100 != 2) throw new IOException("admin API answered " + r.statusCode());
      var body = (Map<String, Object>) Json.parse(r.body());
      if (body.containsKey("token")) return (String) body.get("token");
    }
    throw new IOException("no token issued");
  }

  private static void report(String label, long[] nanos) {
    System.out.printf("%-20s n=%d p50 %.3f ms  p90 %.3f ms  p99 %.3f ms%n", label, nanos.length,
        pct(nanos, 50) / 1e6, pct(nanos, 90) / 1e6, pct(nanos, 99) / 1e6);
  }

  private static long pct(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port) throws Exception {
    for (int i = 0; i < 300; i++) {
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException("upstream did not start");
  }

  /** A minimal MCP client making the same echo call over and over. */
  private static final class Client {
    private final HttpClient http;
    private final String url;
    private final String token;
    private final String tool;
    private String session;
    private int id;

    Client(HttpClient http, String url, String token, String tool) {
      this.http = http;
      this.url = url;
      this.token = token;
      this.tool = tool;
    }

    void initialize() throws IOException, InterruptedException {
      send("initialize", Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
          "clientInfo", Map.of("name", "bench", "version", "1")));
      var b = request(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
      http.send(b, HttpResponse.BodyHandlers.discarding());
    }

    long call() throws IOException, InterruptedException {
      long start = System.nanoTime();
      String body = send("tools/call", Map.of("name", tool, "arguments", Map.of("message", "benchmark payload")));
      long took = System.nanoTime() - start;
      if (!body.contains("Echo: benchmark payload")) throw new IOException("unexpected answer: " + body);
      return took;
    }

    private String send(String method, Map<String, Object> params) throws IOException, InterruptedException {
      var m = new LinkedHashMap<String, Object>();
      m.put("jsonrpc", "2.0");
      m.put("id", ++id);
      m.put("method", method);
      m.put("params", params);
      HttpResponse<String> r = http.send(request(m), HttpResponse.BodyHandlers.ofString());
      r.headers().firstValue("Mcp-Session-Id").ifPresent(s -> session = s);
      if (r.statusCode() != 200) throw new IOException(method + " answered " + r.statusCode() + ": " + r.body());
      return r.body();
    }

    private HttpRequest request(Map<String, Object> body) {
      var b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
      if (token != null) b.header("Authorization", "Bearer " + token);
      if (session != null) b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
      return b.build();
    }
  }
}
