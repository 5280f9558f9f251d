package dev.portcullis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A client of the gateway's admin API. */
final class Admin {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final String token;

  Admin(int port, String token) {
    this.base = "http://127.0.0.1:" + port + "/admin/v1";
    this.token = token;
  }

  /** GET of an admin path, failing on a non-2xx answer. */
  JsonNode get(String path) { return call("GET", path, null); }

  /** POST of an admin path with a JSON body, failing on a non-2xx answer. */
  JsonNode post(String path, Map<String, ?> body) { return call("POST", path, body == null ? Map.of() : body); }

  /** Registers an agent and issues it a token of the given lifetime ("15m", "1s"). */
  String registerAndIssue(String agent, String ttl) {
    post("/agents", Map.of("id", agent, "owner", "e2e@example.com", "description", "end-to-end test agent"));
    return issue(agent, ttl);
  }

  /** Issues a token to a registered agent. */
  String issue(String agent, String ttl) { return post("/agents/" + agent + "/tokens", Map.of("ttl", ttl)).get("token").asText(); }

  /** The first pending approval, waiting for one to appear for at most {@code timeout}. */
  JsonNode awaitPendingApproval(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode list = get("/approvals?status=pending").get("approvals");
      if (list.size() > 0) return list.get(0);
      Thread.sleep(100);
    }
    throw new AssertionError("no pending approval appeared within " + timeout);
  }

  private JsonNode call(String method, String path, Object body) {
    var request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new AssertionError("admin " + method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? Json.parse("{}") : Json.parse(response.body());
    } catch (IOException e) {
      throw new AssertionError("admin " + method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
