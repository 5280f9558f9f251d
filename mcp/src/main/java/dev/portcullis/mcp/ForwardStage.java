package dev.portcullis.mcp;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.Upstreams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last stage: answers protocol methods as the virtual server, and forwards tools/call to the
 * tool's upstream with the tool's upstream name and the injected credentials. The agent's own
 * token is never among the forwarded headers: only what earlier stages injected is sent.
 */
public final class ForwardStage implements Stage {
  private final Upstreams upstreams;
  private final String serverName;
  private final String serverVersion;
  private final String instructions;

  /** A forward stage presenting itself with this name and version. */
  public ForwardStage(Upstreams upstreams, String serverName, String serverVersion, String instructions) {
    this.upstreams = upstreams;
    this.serverName = serverName;
    this.serverVersion = serverVersion;
    this.instructions = instructions;
  }

  @Override
  public String name() { return "forward"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    var request = exchange.request();
    if (request.isNotification()) return new Outcome.Accepted();
    boolean modern = Protocol.isModern(request.protocolVersion());
    return switch (request.method()) {
      case "initialize" -> new Outcome.Reply(initializeResult(request.params()));
      case "server/discover" -> new Outcome.Reply(discoverResult());
      case "ping" -> new Outcome.Reply(Map.of());
      case "tools/list" -> new Outcome.Reply(toolsList(exchange.visibleTools(), modern));
      case "tools/call" -> callTool(exchange);
      default -> throw new GatewayException(new GatewayError.MethodNotFound(request.method()));
    };
  }

  private Outcome callTool(Exchange exchange) {
    ToolDefinition tool = exchange.tool();
    if (tool == null) throw new GatewayException(new GatewayError.Internal("no tool was resolved before forwarding"));
    var params = new LinkedHashMap<String, Object>();
    params.put("name", tool.upstreamName());
    params.put("arguments", exchange.arguments());
    Object progressToken = progressToken(exchange.request().params());
    if (progressToken != null) params.put("_meta", Map.of("progressToken", progressToken));
    return new Outcome.Streamed(upstreams.call(tool.upstream(), "tools/call", params, exchange.upstreamHeaders(),
        exchange.get(LastMileCredential.KEY)));
  }

  private static Object progressToken(Map<String, Object> params) {
    return params.get("_meta") instanceof Map<?, ?> meta ? meta.get("progressToken") : null;
  }

  private Map<String, Object> initializeResult(Map<String, Object> params) {
    Object asked = params.get("protocolVersion");
    String version = asked instanceof String s && Protocol.LEGACY.contains(s) ? s : Protocol.V2025_11_25;
    var result = new LinkedHashMap<String, Object>();
    result.put("protocolVersion", version);
    result.put("capabilities", Map.of("tools", Map.of("listChanged", true)));
    result.put("serverInfo", Map.of("name", serverName, "version", serverVersion));
    if (instructions != null) result.put("instructions", instructions);
    return result;
  }

  private Map<String, Object> discoverResult() {
    var result = new LinkedHashMap<String, Object>();
    result.put("supportedVersions", Protocol.MODERN);
    result.put("capabilities", Map.of("tools", Map.of("listChanged", true)));
    if (instructions != null) result.put("instructions", instructions);
    result.put("resultType", "complete");
    result.put("ttlMs", 0);
    result.put("cacheScope", "private");
    result.put("_meta", Map.of(Protocol.META_SERVER_INFO, Map.of("name", serverName, "version", serverVersion)));
    return result;
  }

  private static Map<String, Object> toolsList(List<ToolDefinition> tools, boolean modern) {
    var list = new ArrayList<Map<String, Object>>();
    for (ToolDefinition t : tools) {
      var def = new LinkedHashMap<>(t.definition());
      def.put("name", t.name());
      list.add(def);
    }
    var result = new LinkedHashMap<String, Object>();
    result.put("tools", list);
    if (modern) {
      result.put("resultType", "complete");
      result.put("ttlMs", 0);
      result.put("cacheScope", "private");
    }
    return result;
  }
}
