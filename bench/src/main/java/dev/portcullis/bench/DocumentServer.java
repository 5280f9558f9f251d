package dev.portcullis.bench;

import dev.portcullis.bench.detect.SyntheticContent;
import dev.portcullis.bench.scenarios.server.StdioToolServer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * An MCP server over stdio (the official Java SDK) with three tools whose results are 100 KB, the
 * same results {@code FirewallBench} inspects: {@code read_document}, one text of prose;
 * {@code list_tickets}, about 500 records as structured content; and {@code read_letter}, the prose
 * as people type it (not plain ASCII). {@link FirewallCallRun} puts it behind the gateway. The process ends when its parent does.
 */
public final class DocumentServer {
  /** The size of each result, in characters of text. */
  static final int SIZE = 100 * 1024;

  private DocumentServer() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> prose = SyntheticContent.textResult(SyntheticContent.prose(SIZE, 1));
    Map<String, Object> records = SyntheticContent.recordsResult(SIZE, 3);
    Map<String, Object> letter = SyntheticContent.textResult(SyntheticContent.typographic(SIZE, 1));
    var mapper = McpJsonDefaults.getMapper();
    JsonSchemaValidator acceptAll = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    var server = McpServer.sync(new StdioServerTransportProvider(mapper))
        .serverInfo("documents", "0.1.0")
        .jsonMapper(mapper)
        .jsonSchemaValidator(acceptAll)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(List.of(tool("read_document", "Reads the quarterly report as text.", prose),
            tool("list_tickets", "Lists the team's tickets as structured records.", records),
            tool("read_letter", "Reads a partner's letter, typed with curly quotes, dashes and accented names.", letter)))
        .build();
    StdioToolServer.runUntilParentExits(server);
  }

  @SuppressWarnings("unchecked")
  private static McpServerFeatures.SyncToolSpecification tool(String name, String description, Map<String, Object> result) {
    String text = (String) ((Map<String, Object>) ((List<?>) result.get("content")).getFirst()).get("text");
    var builder = McpSchema.CallToolResult.builder().addTextContent(text).isError(false);
    if (result.get("structuredContent") instanceof Map<?, ?> structured) builder.structuredContent((Map<String, Object>) structured);
    McpSchema.CallToolResult answer = builder.build();
    Map<String, Object> noArguments = Map.of("type", "object", "properties", Map.of());
    var definition = McpSchema.Tool.builder(name, noArguments).description(description).build();
    return new McpServerFeatures.SyncToolSpecification(definition, (exchange, request) -> answer);
  }
}
