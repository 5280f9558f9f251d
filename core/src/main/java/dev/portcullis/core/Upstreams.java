package dev.portcullis.core;

import java.util.List;
import java.util.Map;

/** The MCP servers behind the gateway, as the forward and registry stages need them. */
public interface Upstreams {

  /** The tools each upstream of a virtual server offers now (fresh from the upstream), by upstream name. */
  Map<String, List<Map<String, Object>>> listTools(String server);

  /**
   * Sends a JSON-RPC request to one upstream and returns its messages as they arrive.
   *
   * @param upstream the upstream name
   * @param method   the method
   * @param params   the params, as the upstream must see them (tool name already un-namespaced)
   * @param headers  extra HTTP headers for the upstream request (injected credentials)
   */
  MessageStream call(String upstream, String method, Map<String, Object> params, Map<String, String> headers);

  /**
   * As {@link #call(String, String, Map, Map)}, with the credential checked out for this call. Upstreams
   * that are not MCP servers (connectors to HTTP APIs and databases) use it to reach their backend;
   * MCP upstreams get credentials as headers only.
   */
  default MessageStream call(String upstream, String method, Map<String, Object> params, Map<String, String> headers,
                             LastMileCredential credential) {
    return call(upstream, method, params, headers);
  }
}
