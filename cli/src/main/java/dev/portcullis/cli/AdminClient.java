package dev.portcullis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client of the gateway's admin HTTP API ({@code <admin-url>/admin/v1}): JSON in and out, the
 * admin token as a bearer token on every request.
 *
 * <p>An HTTP error answer becomes a {@link CommandFailure} with exit code 1 carrying the gateway's
 * own message; a gateway that cannot be reached becomes exit code 3 naming the URL.
 */
final class AdminClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI adminUrl;
  private final String base;
  private final String authorization;
  private final HttpClient http;

  /** A client of the admin API under {@code adminUrl}, authenticating with {@code token}. */
  AdminClient(URI adminUrl, String token) {
    this.adminUrl = adminUrl;
    this.base = adminUrl.toString() + "/admin/v1";
    this.authorization = "Bearer " + token;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** One answer of the admin API: its HTTP status, the body exactly as received and its parsed JSON. */
  record Reply(int status, String text, JsonNode json) {}

  /** One path segment, percent-encoded (a space as {@code %20}, a slash as {@code %2F}). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A GET of {@code path} (below {@code /admin/v1}, already encoded). */
  Reply get(String path) { return send("GET", path, null); }

  /** A POST of {@code body} (an object to serialise as JSON) to {@code path}. */
  Reply post(String path, Object body) { return send("POST", path, body); }

  /** A PUT of {@code body} (an object to serialise as JSON) to {@code path}. */
  Reply put(String path, Object body) { return send("PUT", path, body); }

  /** A DELETE of {@code path}. */
  Reply delete(String path) { return send("DELETE", path, null); }

  private Reply send(String method, String path, Object body) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(base + path));
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(PortcullisCli.EXIT_USAGE, "cannot form a request URL from " + adminUrl + " and " + path);
    }
    request.timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", "portcullis-cli");
    if (body == null) {
      request.method(method, BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, BodyPublishers.ofString(serialise(body), StandardCharsets.UTF_8));
    }
    java.net.http.HttpResponse<String> response;
    try {
      response = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CommandFailure(PortcullisCli.EXIT_UNREACHABLE, "cannot reach the gateway at " + adminUrl + " ("
          + describe(e) + "); is it running? Set --admin-url or PORTCULLIS_ADMIN_URL to its admin address");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(PortcullisCli.EXIT_FAILED, "interrupted while waiting for " + method + " " + path);
    }
    String text = response.body() == null ? "" : response.body();
    JsonNode json = parse(text);
    int status = response.statusCode();
    if (status >= 300) throw CommandFailure.failed(errorMessage(status, json, method, path));
    if (json == null) {
      throw CommandFailure.failed("the gateway answered " + method + " " + path + " with a body that is not JSON");
    }
    return new Reply(status, text, json);
  }

  private static String serialise(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body cannot be written as JSON", e);
    }
  }

  /** The parsed body; an empty body is a missing node, a body that is not JSON is {@code null}. */
  private static JsonNode parse(String text) {
    if (text.isBlank()) return MissingNode.getInstance();
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String errorMessage(int status, JsonNode json, String method, String path) {
    JsonNode message = json == null ? null : json.path("error").path("message");
    String text = message != null && message.isTextual() && !message.asText().isBlank()
        ? Text.safe(message.asText())
        : "the gateway answered " + method + " " + path + " with HTTP " + status;
    return text + " (HTTP " + status + ")";
  }

  private static String describe(IOException e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null || e.getMessage().isBlank() ? name : name + ": " + e.getMessage();
  }
}
