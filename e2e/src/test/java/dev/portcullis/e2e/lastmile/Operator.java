package dev.portcullis.e2e.lastmile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The operator at the gateway's admin API: writes secrets, lists leases, revokes, unseals. */
final class Operator {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final String token;

  Operator(int adminPort, String adminToken) {
    this.base = "http://127.0.0.1:" + adminPort + "/admin/v1";
    this.token = adminToken;
  }

  /** An answer of the admin API. */
  record Answer(int status, String body) {
    JsonNode json() { return parse(body); }
  }

  /** GET, failing on anything but 2xx. */
  JsonNode get(String path) { return ok("GET", path, null); }

  /** POST with a JSON body, failing on anything but 2xx. */
  JsonNode post(String path, Map<String, ?> body) { return ok("POST", path, body); }

  /** PUT with a JSON body, failing on anything but 2xx. */
  JsonNode put(String path, Map<String, ?> body) { return ok("PUT", path, body); }

  /** Stores a secret in the vault. */
  void putSecret(String path, String value) { put("/secrets/" + path, Map.of("value", value)); }

  /** Registers an agent and issues it a credential. */
  String registerAndIssue(String agent) {
    post("/agents", Map.of("id", agent, "owner", "ops@example.com", "description", "last-mile test agent"));
    return post("/agents/" + agent + "/tokens", Map.of("ttl", "15m")).path("token").asText();
  }

  /** Leases of a task, whatever their state. */
  JsonNode leasesOfTask(String task) { return get("/leases?task=" + task).path("leases"); }

  /** Any call; the answer whatever its status. */
  Answer call(String method, String path, Object body) {
    try {
      var request = HttpRequest.newBuilder(URI.create(base + path))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError("admin " + method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private JsonNode ok(String method, String path, Object body) {
    Answer answer = call(method, path, body);
    if (answer.status() / 100 != 2) {
      throw new AssertionError("admin " + method + " " + path + " answered " + answer.status() + ": " + answer.body());
    }
    return parse(answer.body().isEmpty() ? "{}" : answer.body());
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
