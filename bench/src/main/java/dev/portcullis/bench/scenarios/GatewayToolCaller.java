package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.devkit.AgentInstance;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agent's connection to one suite's server through Portcullis: an official MCP Java SDK client
 * over Streamable HTTP to {@code /mcp/<server>}, presenting a DPoP-bound access token (a delegation
 * token for the user's task) with a fresh proof by the agent instance's key on every HTTP request,
 * calling tools by their namespaced names ({@code bank.send_money}).
 *
 * <p>A JSON-RPC error from the gateway is a refusal. Whether it was held for a human first is
 * read from the admin API: an approval recorded for this agent and tool that no earlier refusal
 * accounted for. Every run of a suite is made by the same agent (a new instance of it each time), so
 * the approvals that already existed when this connection was opened belong to earlier runs and
 * count as accounted for.
 */
public final class GatewayToolCaller implements ToolCaller {
  /** The gateway's JSON-RPC code for a call refused by its decision (policy, approval, registry). */
  public static final int FORBIDDEN = -32003;

  private final McpSyncClient client;
  private final String namespace;
  private final String agentId;
  private final AdminClient admin;
  private final Set<String> accountedApprovals;

  private GatewayToolCaller(McpSyncClient client, String namespace, String agentId, AdminClient admin,
                            Set<String> earlierApprovals) {
    this.client = client;
    this.namespace = namespace;
    this.agentId = agentId;
    this.admin = admin;
    this.accountedApprovals = new HashSet<>(earlierApprovals);
  }

  /**
   * Connects {@code instance} of agent {@code agentId}, holding the DPoP-bound {@code token}, to the
   * virtual server {@code server}.
   *
   * @param baseUrl the gateway's URL, e.g. {@code http://127.0.0.1:7700}
   */
  static GatewayToolCaller connect(String baseUrl, String server, String agentId, AgentInstance instance, String token,
                                   AdminClient admin) {
    return connect(baseUrl, server, agentId, admin, (builder, method, uri, body, context) -> {
      builder.setHeader("Authorization", "DPoP " + token);
      builder.setHeader("DPoP", instance.proof(method, uri.toString(), token));
    });
  }

  /**
   * Connects agent {@code agentId}, presenting its agent credential {@code token} as a bearer token,
   * to the virtual server {@code server}: for runs against a gateway configured with
   * {@code allow-bearer-agent-tokens}, which measure the gateway's cost rather than act for a user.
   *
   * @param baseUrl the gateway's URL, e.g. {@code http://127.0.0.1:7700}
   */
  public static GatewayToolCaller connectWithBearer(String baseUrl, String server, String agentId, String token,
                                                    AdminClient admin) {
    return connect(baseUrl, server, agentId, admin,
        (builder, method, uri, body, context) -> builder.setHeader("Authorization", "Bearer " + token));
  }

  private static GatewayToolCaller connect(String baseUrl, String server, String agentId, AdminClient admin,
                                           McpSyncHttpClientRequestCustomizer credentials) {
    var earlier = new HashSet<String>();
    for (JsonNode approval : admin.approvals()) {
      if (approval.path("agentId").asText().equals(agentId)) earlier.add(approval.path("id").asText());
    }
    var transport = HttpClientStreamableHttpTransport.builder(baseUrl)
        .endpoint("/mcp/" + server)
        .httpRequestCustomizer(credentials)
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
    return new GatewayToolCaller(client, server, agentId, admin, earlier);
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
