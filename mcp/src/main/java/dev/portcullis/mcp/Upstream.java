package dev.portcullis.mcp;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.MessageStream;
import java.util.Map;

/**
 * One MCP server behind the gateway, reached as an MCP client would reach it. The gateway holds
 * one client session per upstream and multiplexes agent calls over it.
 */
public interface Upstream extends AutoCloseable {

  /** The upstream's name (the namespace of its tools). */
  String name();

  /**
   * Sends a request and returns the messages that answer it: notifications that belong to the
   * request (progress), then the response. The response's id is the gateway's, not the agent's.
   */
  MessageStream request(String method, Map<String, Object> params, Map<String, String> headers);

  /**
   * As {@link #request(String, Map, Map)}, with the credential the vault checked out for this call
   * ({@code null} when the upstream needs none). Connectors override it; MCP servers ignore it.
   */
  default MessageStream request(String method, Map<String, Object> params, Map<String, String> headers,
                                LastMileCredential credential) {
    return request(method, params, headers);
  }

  /** Stops the upstream connection (and the process, for stdio servers). */
  @Override
  void close();
}
