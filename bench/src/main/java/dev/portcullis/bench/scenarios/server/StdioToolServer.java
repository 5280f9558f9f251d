package dev.portcullis.bench.scenarios.server;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serves a scenario server's tools over stdio with the official MCP Java SDK, as an upstream the
 * gateway launches. Command line: {@code --state <file> --journal <file>}.
 *
 * <p>The process ends when its parent does, so a gateway that dies leaves no server behind.
 */
public final class StdioToolServer {
  private StdioToolServer() {}

  /**
   * The paths a server is started with.
   *
   * @param state   the state file it reads and writes
   * @param journal the journal it appends consequential calls to
   */
  public record Options(Path state, Path journal) {
    /** Parses {@code --state <file> --journal <file>}. */
    public static Options parse(String[] argv) {
      Path state = null;
      Path journal = null;
      for (int i = 0; i < argv.length; i++) {
        String value = i + 1 < argv.length ? argv[i + 1] : null;
        switch (argv[i]) {
          case "--state" -> { state = Path.of(required("--state", value)); i++; }
          case "--journal" -> { journal = Path.of(required("--journal", value)); i++; }
          default -> throw new IllegalArgumentException("unknown option '" + argv[i] + "'; usage: --state <file> --journal <file>");
        }
      }
      if (state == null || journal == null) throw new IllegalArgumentException("usage: --state <file> --journal <file>");
      return new Options(state, journal);
    }

    private static String required(String option, String value) {
      if (value == null || value.startsWith("--")) throw new IllegalArgumentException(option + " needs a file");
      return value;
    }
  }

  /** Serves {@code tools} as server {@code name} until the parent process ends. */
  public static void serve(String name, List<ToolDef> tools, String[] argv) throws InterruptedException {
    Options options = Options.parse(argv);
    var host = new ToolHost(tools, options.state(), options.journal());
    var mapper = McpJsonDefaults.getMapper();
    // Arguments are checked by each tool (Args); the SDK's default validator needs a newer
    // json-schema-validator than the gateway's modules bring onto this classpath.
    JsonSchemaValidator checkedByTools = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    var specs = host.tools().stream().map(t -> new McpServerFeatures.SyncToolSpecification(t.toMcp(),
        (exchange, request) -> host.call(t.name(), request.arguments()).toMcp())).toList();
    McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper))
        .serverInfo(name, "0.1.0")
        .jsonMapper(mapper)
        .jsonSchemaValidator(checkedByTools)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(specs)
        .build();
    runUntilParentExits(server);
  }

  /** Keeps a server running until the process that launched it ends, then ends this process. */
  public static void runUntilParentExits(McpSyncServer server) throws InterruptedException {
    var done = new CountDownLatch(1);
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(done::countDown));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    done.await();
    System.exit(0);
  }
}
