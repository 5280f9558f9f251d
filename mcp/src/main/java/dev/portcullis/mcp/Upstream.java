package dev.portcullis.mcp;

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

  /** Stops the upstream connection (and the process, for stdio servers). */
  @Override
  void close();
}
