package dev.portcullis.app;

import dev.portcullis.mcp.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Calls to a gateway's admin API with its admin token, as an operator's tooling makes them. A call
 * that is not answered with 2xx fails with the status and the gateway's answer (which never holds a
 * secret); request bodies, which may, are not repeated.
 */
final class AdminCalls {
  private final HttpClient http;
  private final String base;
  private final String token;

  AdminCalls(HttpClient http, int adminPort, String token) {
    this.http = http;
    this.base = "http://127.0.0.1:" + adminPort + "/admin/v1";
    this.token = token;
  }

  /** Sends {@code body} (or nothing) with {@code method} to {@code path} under {@code /admin/v1}. */
  @SuppressWarnings("unchecked")
  Map<String, Object> call(String method, String path, Map<String, Object> body) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("admin API " + method + " " + path + " answered " + response.statusCode() + ": "
          + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return (Map<String, Object>) Json.parse(response.body());
  }
}
