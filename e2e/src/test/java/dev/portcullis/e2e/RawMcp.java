package dev.portcullis.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP requests to an MCP endpoint, for what SDK clients hide: status codes and headers. */
final class RawMcp {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private RawMcp() {}

  /** A JSON-RPC initialize request of revision 2025-11-25. */
  static final String INITIALIZE = """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},\
      "clientInfo":{"name":"e2e-raw","version":"1.0"}}}""";

  /** POSTs {@code body} to {@code url}, with {@code Authorization: Bearer token} unless token is null. */
  static HttpResponse<String> post(String url, String token, String body) throws IOException, InterruptedException {
    var builder = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) builder.header("Authorization", "Bearer " + token);
    return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code url}. */
  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
