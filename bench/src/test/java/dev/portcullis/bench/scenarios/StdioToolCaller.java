package dev.portcullis.bench.scenarios;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** An official MCP Java SDK client over stdio straight to a suite's server process, with no gateway. */
final class StdioToolCaller implements ToolCaller {
  private final McpSyncClient client;

  StdioToolCaller(Suite suite, Path state, Path journal) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var params = ServerParameters.builder(java)
        .args(List.of("-cp", System.getProperty("java.class.path"), suite.serverClass().getName(),
            "--state", state.toString(), "--journal", journal.toString()))
        .build();
    JsonSchemaValidator acceptAll = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
        .requestTimeout(Duration.ofSeconds(60)).jsonSchemaValidator(acceptAll).build();
    client.initialize();
  }

  /** The tools the server announces. */
  List<McpSchema.Tool> tools() { return client.listTools().tools(); }

  @Override
  public CallOutcome call(String tool, Map<String, Object> arguments) {
    var result = client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
    String text = result.content().stream().map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
    return Boolean.TRUE.equals(result.isError()) ? new CallOutcome.ToolError(text) : new CallOutcome.Result(text);
  }

  @Override
  public void close() { client.closeGracefully(); }
}
