package dev.portcullis.server;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.mcp.Protocol;
import java.util.Map;

/**
 * A JSON-RPC message from an agent, checked for shape and placed in its protocol era, following
 * how MCP servers that speak both revisions on one endpoint tell them apart: an initialize without
 * a modern claim is legacy; a {@code _meta} protocol version claim decides; a modern header without
 * a claim is an error; anything else is legacy.
 *
 * @param id       the request id (String or Number), or {@code null} for a notification
 * @param method   the method
 * @param params   the params object
 * @param version  the protocol version the message speaks
 * @param modern   whether it is of the stateless era
 */
record Envelope(Object id, String method, Map<String, Object> params, String version, boolean modern) {

  @SuppressWarnings("unchecked")
  static Envelope parse(Object body, String versionHeader) {
    if (body instanceof java.util.List<?>) {
      throw new GatewayException(new GatewayError.Malformed("JSON-RPC batches are not supported"));
    }
    if (!(body instanceof Map<?, ?> raw)) throw new GatewayException(new GatewayError.Malformed("the body must be a JSON-RPC object"));
    var m = (Map<String, Object>) raw;
    if (!"2.0".equals(m.get("jsonrpc"))) throw new GatewayException(new GatewayError.Malformed("jsonrpc must be \"2.0\""));
    if (!(m.get("method") instanceof String method) || method.isEmpty()) {
      throw new GatewayException(new GatewayError.Malformed("a request needs a method (responses are not accepted here)"));
    }
    Object id = m.get("id");
    if (m.containsKey("id") && !(id instanceof String || id instanceof Number)) {
      throw new GatewayException(new GatewayError.Malformed("id must be a string or a number"));
    }
    Object p = m.get("params");
    if (p != null && !(p instanceof Map<?, ?>)) throw new GatewayException(new GatewayError.InvalidParams("params must be an object"));
    Map<String, Object> params = p == null ? Map.of() : (Map<String, Object>) p;

    Object claim = params.get("_meta") instanceof Map<?, ?> meta ? meta.get(Protocol.META_VERSION) : null;
    if (claim != null) {
      if (!(claim instanceof String v) || !v.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new GatewayException(new GatewayError.InvalidParams("_meta " + Protocol.META_VERSION + " is not a protocol version"));
      }
      if (Protocol.isModern(v)) {
        if (!Protocol.MODERN.contains(v)) throw new GatewayException(new GatewayError.UnsupportedVersion(v, Protocol.MODERN));
        return new Envelope(id, method, params, v, true);
      }
    }
    if (!method.equals("initialize") && Protocol.isModern(versionHeader)) {
      throw new GatewayException(new GatewayError.InvalidParams(
          "MCP-Protocol-Version " + versionHeader + " needs params._meta with " + Protocol.META_VERSION));
    }
    return new Envelope(id, method, params, claim instanceof String v ? v : null, false);
  }

  boolean isNotification() { return id == null; }
}
