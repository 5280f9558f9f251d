package dev.portcullis.e2e.lastmile;

import dev.portcullis.devkit.AgentInstance;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An agent as it runs in production: it holds its own P-256 key, enrols an instance bound to that
 * key, exchanges a user's token for a delegation naming a task, and calls tools with the official
 * MCP Java SDK, a fresh DPoP proof (RFC 9449) on every request. It reaches the gateway only through
 * the address it is given (the recording proxy).
 */
final class Agent {
  private final String gatewayUrl;
  private final AgentInstance instance;

  /** @param gatewayUrl the gateway as agents reach it (its public URL) */
  Agent(String gatewayUrl) {
    this.gatewayUrl = gatewayUrl;
    this.instance = new AgentInstance(HttpClient.newHttpClient(), gatewayUrl);
  }

  /** Exchanges an agent credential from the operator for an instance token bound to this agent's key. */
  String enrol(String agentCredential, String instanceId) { return instance.enrol(agentCredential, instanceId); }

  /** A delegation token for the user of {@code userToken}, for one task and the given tools of {@code server}. */
  String delegation(String userToken, String instanceToken, String server, String task, List<String> tools) {
    try {
      return instance.delegation(userToken, instanceToken, server, Operator.JSON.writeValueAsString(
          List.of(Map.of("type", "portcullis_task", "task", task, "tools", tools))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An MCP client of {@code server} that presents {@code accessToken} with a proof from this key. */
  McpSyncClient client(String server, String accessToken) {
    var transport = HttpClientStreamableHttpTransport.builder(gatewayUrl).endpoint("/mcp/" + server)
        .httpRequestCustomizer((builder, method, uri, body, context) -> {
          builder.setHeader("Authorization", "DPoP " + accessToken);
          builder.setHeader("DPoP", instance.proof(method, uri.toString(), accessToken));
        }).build();
    JsonSchemaValidator acceptAll = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).jsonSchemaValidator(acceptAll).build();
  }
}
