package dev.portcullis.app;

import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.devkit.DpopKey;
import dev.portcullis.mcp.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
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
 *
 * <p>Like a real agent instance it holds its own P-256 key, which never leaves it: it exchanges the
 * credential its operator was issued for an instance token bound to that key (RFC 8693 at the
 * gateway's token endpoint), and signs a fresh DPoP proof (RFC 9449) for every request.
 */
final class DemoAgent {
  private final HttpClient http;
  private final String url;
  private final DpopKey key = DpopKey.generate();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile String token;
  private volatile String session;

  DemoAgent(HttpClient http, String url) {
    this.http = http;
    this.url = url;
  }

  /**
   * Exchanges the operator-issued credential for an instance token bound to this agent's key.
   *
   * @return the instance's workload identity (the token's subject)
   */
  @SuppressWarnings("unchecked")
  String enrol(String tokenEndpoint, String credential, String instance) throws IOException, InterruptedException {
    String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&subject_token=" + enc(credential)
        + "&subject_token_type=" + enc("urn:ietf:params:oauth:token-type:access_token") + "&instance=" + enc(instance);
    var request = HttpRequest.newBuilder(URI.create(tokenEndpoint)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("DPoP", proof("POST", tokenEndpoint, null)).POST(HttpRequest.BodyPublishers.ofString(form)).build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    var body = (Map<String, Object>) Json.parse(response.body());
    if (response.statusCode() != 200) throw new IOException("enrolment refused: " + body.get("error_description"));
    token = (String) body.get("access_token");
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    } catch (java.text.ParseException e) {
      throw new IOException("the token endpoint returned a malformed token", e);
    }
  }

  /**
   * The id ({@code jti}) of the instance token {@link #enrol} obtained: what an operator revokes to end
   * the task this token is the grant of, without handling the token itself.
   */
  String tokenId() {
    if (token == null) throw new IllegalStateException("the agent has not enrolled");
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("the agent's token is malformed", e);
    }
  }

  private String proof(String method, String target, String accessToken) { return key.proof(method, target, accessToken); }

  private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

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
        .header("Authorization", "DPoP " + token)
        .header("DPoP", proof("POST", url, token))
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
