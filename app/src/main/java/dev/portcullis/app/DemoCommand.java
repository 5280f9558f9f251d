package dev.portcullis.app;

import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code portcullis demo}: starts a gateway on an embedded configuration in front of two real
 * MCP servers (the reference "everything" server over Streamable HTTP and the reference "memory"
 * server over stdio), then shows one agent call allowed, one denied and one held for approval.
 * {@code portcullis demo last-mile} shows per-task credentials instead ({@link LastMileDemoCommand}).
 */
@Command(name = "demo", description = "Run the gateway on an embedded configuration and show allow, deny and approval.",
    subcommands = LastMileDemoCommand.class)
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--node-modules", defaultValue = "e2e/node/node_modules",
      description = "Where the npm packages of the reference MCP servers are installed (default: ${DEFAULT-VALUE}).")
  Path nodeModules;

  @Option(names = "--port", defaultValue = "7700", description = "Port for agents (default: ${DEFAULT-VALUE}); the admin API uses the next one.")
  int port;

  @Option(names = "--state-dir", description = "Where the demo keeps its state (default: a new temporary directory).")
  Path dataDir;

  @Option(names = "--exit", description = "Stop after the demo instead of serving on.")
  boolean exit;

  @Override
  public Integer call() throws Exception {
    Path everything = nodeModules.resolve("@modelcontextprotocol/server-everything/dist/index.js");
    Path memory = nodeModules.resolve("@modelcontextprotocol/server-memory/dist/index.js");
    if (!Files.exists(everything) || !Files.exists(memory)) {
      System.err.println("The demo needs the reference MCP servers from npm under " + nodeModules.toAbsolutePath()
          + ". Run it through ./portcullis demo, which installs them.");
      return 2;
    }
    Path data = dataDir != null ? dataDir : Files.createTempDirectory("portcullis-demo-");
    Files.createDirectories(data);
    Path policy = data.resolve("policy");
    Files.createDirectories(policy);
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/policy.yaml")) {
      Files.write(policy.resolve("demo.yaml"), in.readAllBytes());
    }
    int upstreamPort = freePort();
    var builder = new ProcessBuilder("node", everything.toString(), "streamableHttp")
        .redirectErrorStream(true).redirectOutput(data.resolve("everything.log").toFile());
    builder.environment().put("PORT", Integer.toString(upstreamPort));
    Process upstream = builder.start();
    try {
      awaitPort(upstreamPort, upstream, Duration.ofSeconds(30));
    } catch (IOException e) {
      upstream.destroyForcibly();
      throw e;
    }
    return run(config(data, policy, upstreamPort, memory), upstream);
  }

  private int run(GatewayConfig config, Process upstream) throws Exception {
    try (Gateway gateway = Gateway.start(config)) {
      new DemoScript(gateway, System.out).run();
      if (!exit) {
        System.out.println();
        System.out.println("The gateway keeps serving on " + config.publicUrl() + "/mcp/demo (admin API on port "
            + gateway.adminPort() + ", data in " + config.dataDir() + "). Press Ctrl-C to stop.");
        var stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
      return 0;
    } finally {
      upstream.destroy();
      if (!upstream.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) upstream.destroyForcibly();
    }
  }

  private GatewayConfig config(Path data, Path policy, int upstreamPort, Path memory) {
    var upstreams = List.of(
        new GatewayConfig.UpstreamConfig("everything", "http://127.0.0.1:" + upstreamPort + "/mcp", null, null, null, null),
        new GatewayConfig.UpstreamConfig("memory", null, List.of("node", memory.toString()),
            Map.of("MEMORY_FILE_PATH", data.resolve("memory.jsonl").toString()), null, null));
    var servers = List.of(new GatewayConfig.ServerConfig("demo", List.of("everything", "memory"),
        "A demo server: echo, and a knowledge graph you may read freely and write with approval."));
    var approve = Map.of("everything.echo", "first-seen", "memory.read_graph", "first-seen",
        "memory.create_entities", "first-seen", "memory.delete_entities", "first-seen");
    return new GatewayConfig(new GatewayConfig.Endpoint("127.0.0.1", port), new GatewayConfig.Endpoint("127.0.0.1", port == 0 ? 0 : port + 1),
        null, data, null, null, upstreams, servers, new GatewayConfig.Tools(approve, null),
        new GatewayConfig.Policy(List.of(policy)), new GatewayConfig.Approvals(Duration.ofMinutes(2), null), null);
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port, Process process, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IOException("the reference MCP server exited with status " + process.exitValue());
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException("the reference MCP server did not listen on port " + port + " within " + timeout.toSeconds() + " s");
  }
}
