package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agent's connection to one suite's server through Portcullis: an official MCP Java SDK client
 * over Streamable HTTP to {@code /mcp/<server>}, authenticated with the agent's bearer token,
 * calling tools by their namespaced names ({@code bank.send_money}).
 *
 * <p>A JSON-RPC error from the gateway is a refusal. Whether it was held for a human first is
 * read from the admin API: an approval recorded for this agent and tool that no earlier refusal
 * accounted for.
 */
public final class GatewayToolCaller implements ToolCaller {
  /** The gateway's JSON-RPC code for a call refused by its decision (policy, approval, registry). */
  public static final int FORBIDDEN = -32003;

  private final McpSyncClient client;
  private final String namespace;
  private final String agentId;
  private final AdminClient admin;
  private final Set<String> accountedApprovals = new HashSet<>();

  private GatewayToolCaller(McpSyncClient client, String namespace, String agentId, AdminClient admin) {
    this.client = client;
    this.namespace = namespace;
    this.agentId = agentId;
    this.admin = admin;
  }

  /**
   * Connects agent {@code agentId} (holding {@code token}) to the virtual server {@code server}.
   *
   * @param baseUrl the gateway's URL, e.g. {@code http://127.0.0.1:7700}
   */
  public static GatewayToolCaller connect(String baseUrl, String server, String agentId, String token, AdminClient admin) {
    var transport = HttpClientStreamableHttpTransport.builder(baseUrl)
        .endpoint("/mcp/" + server)
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
        .build();
    // The SDK's default validator needs a newer json-schema-validator than the gateway's modules bring.
    JsonSchemaValidator acceptAll = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    McpSyncClient client = McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("scenario-agent", "0.1.0").build())
        .requestTimeout(Duration.ofSeconds(60))
        .jsonSchemaValidator(acceptAll)
        .build();
    try {
      client.initialize();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return new GatewayToolCaller(client, server, agentId, admin);
  }

  @Override
  public CallOutcome call(String tool, Map<String, Object> arguments) {
    String name = namespace + "." + tool;
    try {
      McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder(name).arguments(arguments).build());
      String text = result.content() == null ? "" : result.content().stream()
          .filter(c -> c instanceof McpSchema.TextContent).map(c -> ((McpSchema.TextContent) c).text())
          .collect(Collectors.joining("\n"));
      return Boolean.TRUE.equals(result.isError()) ? new CallOutcome.ToolError(text) : new CallOutcome.Result(text);
    } catch (RuntimeException e) {
      McpError error = mcpError(e);
      if (error == null || error.getJsonRpcError() == null) return new CallOutcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
      int code = error.getJsonRpcError().code();
      return new CallOutcome.Refused(code, error.getJsonRpcError().message(), code == FORBIDDEN && wasHeld(name));
    }
  }

  /** Whether an approval for this agent and tool exists that no earlier refusal accounted for. */
  private boolean wasHeld(String tool) {
    for (JsonNode approval : admin.approvals()) {
      String id = approval.path("id").asText();
      if (approval.path("agentId").asText().equals(agentId) && approval.path("tool").asText().equals(tool)
          && accountedApprovals.add(id)) {
        return true;
      }
    }
    return false;
  }

  private static McpError mcpError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof McpError m) return m;
    }
    return null;
  }

  @Override
  public void close() { client.closeGracefully(); }
}
