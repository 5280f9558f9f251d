package dev.portcullis.app;

import dev.portcullis.mcp.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's agent: a minimal MCP client over Streamable HTTP (revision 2025-11-25), written out
 * in full so the demo shows what travels on the wire. Real agents use an MCP SDK.
 */
final class DemoAgent {
  private final HttpClient http;
  private final String url;
  private final String token;
  private final AtomicInteger ids = new AtomicInteger();
  private volatile String session;

  DemoAgent(HttpClient http, String url, String token) {
    this.http = http;
    this.url = url;
    this.token = token;
  }

  void initialize() throws IOException, InterruptedException {
    var response = request("initialize", Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
        "clientInfo", Map.of("name", "invoice-bot", "version", "1.0")));
    if (response.containsKey("error")) throw new IOException("initialize failed: " + response.get("error"));
    send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
  }

  Map<String, Object> call(String tool, Map<String, Object> arguments) throws IOException, InterruptedException {
    return request("tools/call", Map.of("name", tool, "arguments", arguments));
  }

  Map<String, Object> request(String method, Map<String, Object> params) throws IOException, InterruptedException {
    var body = new LinkedHashMap<String, Object>();
    body.put("jsonrpc", "2.0");
    body.put("id", ids.incrementAndGet());
    body.put("method", method);
    body.put("params", params);
    return send(body);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> send(Map<String, Object> body) throws IOException, InterruptedException {
    var builder = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    if (session != null) builder.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
    HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    response.headers().firstValue("Mcp-Session-Id").ifPresent(s -> session = s);
    if (response.statusCode() == 202) return Map.of();
    String text = new String(response.body(), StandardCharsets.UTF_8);
    if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      Map<String, Object> last = Map.of();
      for (String line : text.split("\n")) {
        if (line.startsWith("data:")) last = (Map<String, Object>) Json.parse(line.substring(5).trim());
      }
      return last;
    }
    return (Map<String, Object>) Json.parse(text);
  }
}
