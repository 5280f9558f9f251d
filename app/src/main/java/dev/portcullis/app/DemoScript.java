package dev.portcullis.app;

import dev.portcullis.audit.AuditVerifier;
import dev.portcullis.mcp.Json;
import dev.portcullis.server.Gateway;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the demo shows: an agent is registered and given a token, connects over MCP, and makes
 * three calls — one allowed, one denied by policy with the reason, one held until a human
 * approves it through the admin API. Each step prints one line.
 */
final class DemoScript {
  private final Gateway gateway;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String admin;
  private final String mcp;
  private final String tokenEndpoint;

  DemoScript(Gateway gateway, PrintStream out) {
    this.gateway = gateway;
    this.out = out;
    this.admin = "http://127.0.0.1:" + gateway.adminPort() + "/admin/v1";
    this.mcp = "http://127.0.0.1:" + gateway.port() + "/mcp/demo";
    this.tokenEndpoint = "http://127.0.0.1:" + gateway.port() + "/oauth2/token";
  }

  @SuppressWarnings("unchecked")
  void run() throws Exception {
    adminCall("POST", "/agents", Map.of("id", "invoice-bot", "owner", "alice@example.com",
        "description", "Reconciles invoices"));
    String credential = (String) adminCall("POST", "/agents/invoice-bot/tokens", Map.of("ttl", "15m")).get("token");
    out.println("Registered agent invoice-bot (owner alice@example.com) and issued it a 15-minute credential.");

    var agent = new DemoAgent(http, mcp);
    String subject = agent.enrol(tokenEndpoint, credential, "demo-1");
    out.println("The agent generated its own key and enrolled as " + subject + ": its token is bound to that key,");
    out.println("and every call it makes carries a fresh DPoP proof signed with it.");
    agent.initialize();
    List<Object> tools = (List<Object>) ((Map<String, Object>) agent.request("tools/list", Map.of()).get("result")).get("tools");
    out.println("The agent sees " + tools.size() + " tools: "
        + String.join(", ", tools.stream().map(t -> (String) ((Map<String, Object>) t).get("name")).toList()));

    var allowed = agent.call("everything.echo", Map.of("message", "hello from invoice-bot"));
    out.println("ALLOWED  everything.echo          -> " + summary(allowed));

    var denied = agent.call("memory.delete_entities", Map.of("entityNames", List.of("invoice-4711")));
    out.println("DENIED   memory.delete_entities   -> " + summary(denied));

    var entity = Map.of("name", "invoice-4711", "entityType", "invoice", "observations", List.of("reconciled by invoice-bot"));
    CompletableFuture<Map<String, Object>> held = CompletableFuture.supplyAsync(() -> {
      try {
        return agent.call("memory.create_entities", Map.of("entities", List.of(entity)));
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Map<String, Object> approval = awaitPendingApproval();
    out.println("HELD     memory.create_entities   -> approval " + approval.get("id") + " waits for a human (rule "
        + approval.get("rule") + ")");
    adminCall("POST", "/approvals/" + approval.get("id") + "/approve", Map.of("by", "bob@example.com", "comment", "looks right"));
    out.println("APPROVED by bob@example.com     -> " + summary(held.get()));

    var report = AuditVerifier.verify(gateway.config().dataDir().resolve("audit.log"), null);
    out.println("Audit log: " + report.records() + " records, " + (report.ok() ? "hash chain intact" : "PROBLEMS: " + report.problems()));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> awaitPendingApproval() throws Exception {
    for (int i = 0; i < 300; i++) {
      var list = (List<Object>) adminCall("GET", "/approvals?status=pending", null).get("approvals");
      if (!list.isEmpty()) return (Map<String, Object>) list.getFirst();
      Thread.sleep(100);
    }
    throw new IllegalStateException("the held call never showed up as a pending approval");
  }

  @SuppressWarnings("unchecked")
  private static String summary(Map<String, Object> response) {
    if (response.get("error") instanceof Map<?, ?> error) {
      return "error " + error.get("code") + ": " + error.get("message");
    }
    var result = (Map<String, Object>) response.get("result");
    if (result.get("content") instanceof List<?> content && !content.isEmpty()
        && content.getFirst() instanceof Map<?, ?> first && first.get("text") instanceof String text) {
      String oneLine = text.replaceAll("\\s+", " ");
      return (Boolean.TRUE.equals(result.get("isError")) ? "tool error: " : "") + (oneLine.length() > 90 ? oneLine.substring(0, 90) + "..." : oneLine);
    }
    return Json.text(result);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> adminCall(String method, String path, Map<String, Object> body) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(admin + path))
        .header("Authorization", "Bearer " + gateway.adminToken())
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("admin API " + method + " " + path + " answered " + response.statusCode() + ": " + new String(response.body()));
    }
    return (Map<String, Object>) Json.parse(response.body());
  }
}
