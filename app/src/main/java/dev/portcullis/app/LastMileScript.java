package dev.portcullis.app;

import com.nimbusds.jose.jwk.ECKey;
import dev.portcullis.audit.AuditVerifier;
import dev.portcullis.mcp.Json;
import dev.portcullis.server.Gateway;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the last-mile demo shows once the gateway runs: the operator writes the backends' secrets
 * into the vault, an agent performs a task that reads the shop database and the billing API, each
 * backend gets a credential minted for that task (a lease), and revoking the task's token revokes
 * the leases and drops the database role. Each step prints readable lines; no line holds a secret.
 */
final class LastMileScript {
  private static final String AGENT = "invoice-bot";

  private final Gateway gateway;
  private final ShopDatabase shop;
  private final BillingApi billing;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AdminCalls admin;

  LastMileScript(Gateway gateway, ShopDatabase shop, BillingApi billing, PrintStream out) {
    this.gateway = gateway;
    this.shop = shop;
    this.billing = billing;
    this.out = out;
    this.admin = new AdminCalls(http, gateway.adminPort(), gateway.adminToken());
  }

  /**
   * Runs the task and the revocation.
   *
   * @throws IllegalStateException when something the demo shows did not happen as it should
   */
  @SuppressWarnings("unchecked")
  void run(ECKey signingKey) throws Exception {
    step("Secrets go into the vault through the admin API (written, never read back or shown)");
    var adminSecret = admin.call("PUT", "/secrets/db/shop/admin", Map.of("value", shop.adminPassword()));
    out.println("   db/shop/admin             version " + adminSecret.get("version") + "  (shop_admin's password)");
    var keySecret = admin.call("PUT", "/secrets/api/billing/signing-key", Map.of("value", signingKey.toJSONString()));
    out.println("   api/billing/signing-key   version " + keySecret.get("version") + "  (private JWK; the API knows its public half, kid "
        + signingKey.getKeyID() + ")");

    step("An agent is registered, enrols with its own key and starts its task");
    admin.call("POST", "/agents", Map.of("id", AGENT, "owner", "alice@example.com", "description", "Reconciles invoices"));
    String credential = (String) admin.call("POST", "/agents/" + AGENT + "/tokens", Map.of("ttl", "15m")).get("token");
    var agent = new DemoAgent(http, "http://127.0.0.1:" + gateway.port() + "/mcp/shop");
    String subject = agent.enrol("http://127.0.0.1:" + gateway.port() + "/oauth2/token", credential, "lm-1");
    String task = "token:" + agent.tokenId();
    out.println("   enrolled as " + subject);
    out.println("   its task is the grant of its instance token: " + task);
    agent.initialize();
    var tools = (List<Object>) ((Map<String, Object>) agent.request("tools/list", Map.of()).get("result")).get("tools");
    out.println("   it sees " + tools.size() + " tools: "
        + String.join(", ", tools.stream().map(t -> (String) ((Map<String, Object>) t).get("name")).toList()));

    step("The agent calls both backends through Portcullis");
    var orders = agent.call("shop.orders_by_customer", Map.of("customer", "acme"));
    out.println("   shop.orders_by_customer {customer: acme}  -> " + summary(orders));
    var invoice = agent.call("billing.get_invoice", Map.of("id", "INV-1001"));
    out.println("   billing.get_invoice {id: INV-1001}        -> " + summary(invoice));
    require(succeeded(orders), "the database call failed: " + summary(orders));
    require(succeeded(invoice), "the API call failed: " + summary(invoice));

    step("One lease per backend was minted for this task (GET /admin/v1/leases)");
    var issued = leases(task);
    issued.forEach(l -> out.println("   " + lease(l)));
    require(issued.size() == 2 && issued.stream().allMatch(l -> "active".equals(l.get("state"))),
        "expected one active lease per backend, found " + issued.size());

    step("The database role minted for the task exists now (pg_roles where rolname like 'pc_%')");
    List<String> minted = shop.dynamicRoles();
    minted.forEach(r -> out.println("   " + r));
    require(minted.size() == 1, "expected one dynamic role, found " + minted.size());

    step("The operator revokes the task's token (POST /admin/v1/revocations, by its id, never its value)");
    admin.call("POST", "/revocations", Map.of("kind", "token", "target", agent.tokenId(), "reason", "task finished", "by",
        "alice@example.com"));
    out.println("   revoked token " + agent.tokenId());
    awaitRevoked(task);
    var left = leases(task);
    out.println("   leases of the task still live: " + (left.isEmpty() ? "none" : left.size()));
    var revokedIds = new java.util.HashSet<String>();
    for (Map<String, Object> record : auditRecords("lease.revoked")) {
      var fields = (Map<String, Object>) record.get("fields");
      if (!task.equals(fields.get("task"))) continue;
      revokedIds.add((String) fields.get("id"));
      out.println(String.format("   audit lease.revoked  %-13s lease %s  (%s)", fields.get("backend"), fields.get("id"), fields.get("reason")));
    }
    List<String> roles = shop.dynamicRoles();
    out.println("   dynamic roles left in PostgreSQL: " + (roles.isEmpty() ? "none" : String.join(", ", roles)));
    var refused = agent.call("shop.orders_by_customer", Map.of("customer", "acme"));
    out.println("   the agent calls again                     -> " + summary(refused));
    require(left.isEmpty(), "not every lease of the task was revoked");
    require(revokedIds.equals(issued.stream().map(l -> (String) l.get("id")).collect(java.util.stream.Collectors.toSet())),
        "the audit log does not record the revocation of both leases");
    require(roles.isEmpty(), "the dynamic role was not dropped");
    require(!succeeded(refused), "a call after the revocation was not refused");

    var report = AuditVerifier.verify(gateway.config().dataDir().resolve("audit.log"), null);
    out.println();
    out.println("Billing API: " + billing.accepted() + " request(s) with a valid token, " + billing.refused() + " refused.");
    out.println("Audit log: " + report.records() + " records, " + (report.ok() ? "hash chain intact" : "PROBLEMS: " + report.problems()));
    require(report.ok(), "the audit log does not verify");
    out.println("LAST-MILE DEMO OK: 2 leases minted for one task, both revoked, no database role left.");
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> leases(String task) throws Exception {
    var list = (List<Map<String, Object>>) admin.call("GET", "/leases?task=" + URLEncoder.encode(task, StandardCharsets.UTF_8), null)
        .get("leases");
    return list.stream().sorted(java.util.Comparator.comparing(l -> (String) l.get("backend"))).toList();
  }

  /** Revocation reaches the leases at once; dropping a role may be retried, so this waits a little. */
  private void awaitRevoked(String task) throws Exception {
    for (int i = 0; i < 100 && !(leases(task).isEmpty() && shop.dynamicRoles().isEmpty()); i++) Thread.sleep(100);
  }

  /** The audit log's records of one type: revoked leases leave the lease list, their record stays here. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> auditRecords(String type) throws java.io.IOException {
    var records = new java.util.ArrayList<Map<String, Object>>();
    for (String line : java.nio.file.Files.readAllLines(gateway.config().dataDir().resolve("audit.log"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      var record = (Map<String, Object>) Json.parse(line);
      if (type.equals(record.get("type"))) records.add(record);
    }
    return records;
  }

  private static String lease(Map<String, Object> l) {
    return String.format("%-8s %-13s lease %s  task %s  expires %s", l.get("state"), l.get("backend"), l.get("id"),
        l.get("task"), l.get("expiresAt"));
  }

  private void step(String title) {
    out.println();
    out.println("== " + title);
  }

  private static void require(boolean condition, String problem) {
    if (!condition) throw new IllegalStateException(problem);
  }

  @SuppressWarnings("unchecked")
  private static boolean succeeded(Map<String, Object> response) {
    return response.get("result") instanceof Map<?, ?> result && !Boolean.TRUE.equals(result.get("isError"));
  }

  @SuppressWarnings("unchecked")
  private static String summary(Map<String, Object> response) {
    if (response.get("error") instanceof Map<?, ?> error) return "error " + error.get("code") + ": " + error.get("message");
    var result = (Map<String, Object>) response.get("result");
    if (result.get("content") instanceof List<?> content && !content.isEmpty()
        && content.getFirst() instanceof Map<?, ?> first && first.get("text") instanceof String text) {
      String oneLine = text.replaceAll("\\s+", " ");
      return (Boolean.TRUE.equals(result.get("isError")) ? "tool error: " : "")
          + (oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine);
    }
    return Json.text(result);
  }
}
