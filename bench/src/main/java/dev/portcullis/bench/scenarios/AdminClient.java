package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.bench.scenarios.server.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The runner's client of the gateway's admin API: registering agents and issuing their credentials,
 * approving tools, and reading and denying held calls. Errors name the endpoint and status, never
 * the admin token.
 */
public final class AdminClient {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final String token;

  /** A client of the admin API on this port of the loopback interface. */
  public AdminClient(int port, String token) {
    this.base = "http://127.0.0.1:" + port + "/admin/v1";
    this.token = token;
  }

  /** Registers an agent and returns a credential for it. */
  public String registerAgent(String id, String description) {
    post("/agents", Map.of("id", id, "owner", "scenario-runner@portcullis.local", "description", description));
    return issueCredential(id);
  }

  /** Issues a registered agent a new credential, valid for 30 minutes. */
  public String issueCredential(String id) {
    return post("/agents/" + id + "/tokens", Map.of("ttl", "30m")).path("token").asText();
  }

  /** Lists the tools of every upstream now, registering those not seen before. */
  public JsonNode refreshTools() { return post("/tools/refresh", Map.of()).path("tools"); }

  /** Approves a tool at the digest the upstream offers. */
  public void approveTool(String name, String digest) {
    post("/tools/" + name + "/approve", Map.of("digest", digest, "by", "scenario-runner"));
  }

  /** Every approval, in any status. */
  public JsonNode approvals() { return get("/approvals").path("approvals"); }

  /** The approvals waiting for a decision. */
  public JsonNode pendingApprovals() { return get("/approvals?status=pending").path("approvals"); }

  /**
   * Denies a pending approval.
   *
   * @return whether it was denied now (false when it was already decided or expired)
   */
  public boolean deny(String id, String comment) {
    return send("POST", "/approvals/" + id + "/deny", Map.of("by", "scenario-runner", "comment", comment), true) != null;
  }

  private JsonNode get(String path) { return send("GET", path, null, false); }

  private JsonNode post(String path, Map<String, ?> body) { return send("POST", path, body, false); }

  private JsonNode send(String method, String path, Object body, boolean conflictIsNull) {
    var request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (conflictIsNull && response.statusCode() == 409) return null;
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("admin API " + method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? Json.object() : Json.parse(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("admin API " + method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the admin API", e);
    }
  }
}
