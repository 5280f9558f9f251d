package dev.portcullis.server;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.mcp.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The routing headers of the stateless MCP revision ({@code MCP-Protocol-Version},
 * {@code Mcp-Method}, {@code Mcp-Name}) checked against the body. A proxy that routes or
 * authorizes on headers must know the body says the same, or an agent could show one tool to the
 * network and call another.
 */
final class RoutingHeaders {
  /** The methods of the stateless revision. */
  static final Set<String> MODERN_METHODS = Set.of("tools/call", "tools/list", "prompts/get", "prompts/list",
      "resources/list", "resources/templates/list", "resources/read", "completion/complete", "server/discover",
      "subscriptions/listen");

  private RoutingHeaders() {}

  /** Checks the headers of a stateless-era message; throws HeaderMismatch on any disagreement. */
  static void check(Envelope e, Function<String, String> headers) {
    boolean required = !e.isNotification();
    match("MCP-Protocol-Version", headers.apply("MCP-Protocol-Version"), e.version(), required);
    match("Mcp-Method", headers.apply("Mcp-Method"), e.method(), required);
    String name = nameOf(e.method(), e.params());
    if (name != null) match("Mcp-Name", headers.apply("Mcp-Name"), name, required);
    if (!(e.params().get("_meta") instanceof Map<?, ?> meta) || !(meta.get(Protocol.META_CAPABILITIES) instanceof Map<?, ?>)) {
      throw new GatewayException(new GatewayError.InvalidParams("params._meta needs " + Protocol.META_CAPABILITIES));
    }
  }

  /** The value {@code Mcp-Name} must carry for a method, or {@code null} when it carries none. */
  static String nameOf(String method, Map<String, Object> params) {
    Object v = switch (method) {
      case "tools/call", "prompts/get" -> params.get("name");
      case "resources/read" -> params.get("uri");
      case "tasks/get", "tasks/update", "tasks/cancel" -> params.get("taskId");
      default -> null;
    };
    if (v == null && (method.equals("tools/call") || method.equals("prompts/get") || method.equals("resources/read"))) {
      throw new GatewayException(new GatewayError.InvalidParams(method + " needs params." + (method.equals("resources/read") ? "uri" : "name")));
    }
    return v == null ? null : String.valueOf(v);
  }

  private static void match(String header, String raw, String body, boolean required) {
    if (raw == null) {
      if (required) throw new GatewayException(new GatewayError.HeaderMismatch(header, "(missing)", body));
      return;
    }
    String value = decode(header, raw);
    if (!value.equals(body)) throw new GatewayException(new GatewayError.HeaderMismatch(header, value, body));
  }

  /** Header values that are not plain ASCII travel as {@code =?base64?...?=}. */
  private static String decode(String header, String raw) {
    if (raw.startsWith("=?base64?") && raw.endsWith("?=")) {
      try {
        return new String(Base64.getDecoder().decode(raw.substring(9, raw.length() - 2)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new GatewayException(new GatewayError.HeaderMismatch(header, "(undecodable base64)", "?"));
      }
    }
    return raw;
  }
}
