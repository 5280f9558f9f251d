package dev.portcullis.core;

import java.util.Map;
import java.util.Objects;

/**
 * One JSON-RPC request or notification received from an agent, as the ingress parsed it.
 *
 * @param server          the virtual server (endpoint) it was sent to
 * @param method          the JSON-RPC method
 * @param id              the JSON-RPC id (String or Number), {@code null} for a notification
 * @param params          the params object, empty when absent
 * @param protocolVersion the MCP revision the request speaks (2025-11-25 or 2026-07-28)
 * @param sessionId       the MCP session ({@code Mcp-Session-Id}) for the 2025-11-25 revision, else {@code null}
 * @param remoteAddress   the peer address, for audit
 */
public record McpRequest(String server, String method, Object id, Map<String, Object> params,
                         String protocolVersion, String sessionId, String remoteAddress) {
  public McpRequest {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(method, "method");
    params = params == null ? Map.of() : params;
  }

  /** Whether this is a notification (no id, no response expected). */
  public boolean isNotification() { return id == null; }
}
