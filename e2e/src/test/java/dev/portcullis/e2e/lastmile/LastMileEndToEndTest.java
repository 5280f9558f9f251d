package dev.portcullis.e2e.lastmile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.devkit.PostgresServer;
import dev.portcullis.e2e.keycloak.KeycloakServer;
import dev.portcullis.e2e.keycloak.PortcullisRealm;
import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.ConnectorConfig;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.VaultConfig;
import dev.portcullis.vault.backend.postgres.PostgresRoleBackend;
import dev.portcullis.vault.crypto.RootKey;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last mile against real parts: Alice delegates a task to the clerk agent through Keycloak; the
 * agent calls a SQL tool (a PostgreSQL role minted for the task) and an HTTP tool (a Keycloak
 * client-credentials token for the billing API) through the gateway with the official MCP Java SDK;
 * every byte the gateway sends the agent is recorded, and no credential may be among them, in the
 * audit log or in the gateway's log. Revocation, a sealed vault, a wrong root key and a restart are
 * played through on the same deployment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LastMileEndToEndTest {
  private static final String SERVER = "lastmile";
  private static final String AGENT = "clerk";
  private static final String SQL_TOOL = "shop.orders_by_customer";
  private static final String HTTP_TOOL = "billing.get_invoice";
  private static final String OPEN_TOOL = "status.get_status";
  private static final String ADMIN_SECRET = "db/shop/admin";
  private static final String CLIENT_SECRET = "oauth/billing/client-secret";
  private static final String POLICY = """
      rules:
        - id: last-mile
          effect: allow
          description: "The shop's tools, only on a user's behalf"
          tools: ["shop.*", "billing.*", "status.*"]
          when: 'delegation.delegated'
      """;

  private Path dir;
  private CapturedOutput output;
  private KeycloakServer keycloak;
  private ShopDatabase shop;
  private BillingApi billing;
  private RecordingProxy proxy;
  private Path rootKeyFile;
  private Path policyDir;
  private Deployment main;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A running gateway, its operator and the clerk agent's instance token at it. */
  private record Deployment(Gateway gateway, Operator operator, Agent agent, String instanceToken) {
    Path dataDir() { return gateway.config().dataDir(); }

    String audit() throws IOException { return Files.readString(dataDir().resolve("audit.log")); }
  }

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    output = CapturedOutput.install();
    keycloak = KeycloakServer.shared();
    shop = ShopDatabase.create(PostgresServer.shared());
    billing = new BillingApi(keycloak.issuer(), keycloak.jwksUrl(), PortcullisRealm.BILLING_AUDIENCE);
    proxy = new RecordingProxy();
    rootKeyFile = dir.resolve("root-key.json");
    RootKey.writeNewFile(rootKeyFile);
    policyDir = Files.createDirectories(dir.resolve("policy"));
    Files.writeString(policyDir.resolve("last-mile.yaml"), POLICY);
    main = deploy(dir.resolve("main"), rootKeyFile, Duration.ofMinutes(15), Duration.ofHours(1));
    writeSecrets(main.operator());
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing what may already be closed
      }
    }
    if (billing != null) billing.close();
    if (proxy != null) proxy.close();
    if (output != null) output.close();
  }

  @Test
  @Order(1)
  void agentGetsRowsAndAnInvoice_andTheTaskHoldsOneLeasePerBackendNamingAliceAndTheAgent() throws Exception {
    String task = "orders-review";
    String delegation = delegation(main, task);
    String aliceSub = SignedJWT.parse(delegation).getJWTClaimsSet().getSubject();

    try (var client = main.agent().client(SERVER, delegation)) {
      client.initialize();
      assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name).toList())
          .contains(SQL_TOOL, HTTP_TOOL, OPEN_TOOL);
      String rows = text(client.callTool(new McpSchema.CallToolRequest(SQL_TOOL, Map.of("customer", "ACME GmbH"))));
      String invoice = text(client.callTool(new McpSchema.CallToolRequest(HTTP_TOOL, Map.of("id", "INV-4711"))));

      assertThat(rows).contains("anvil", "rocket skates").doesNotContain("widget");
      assertThat(invoice).contains("INV-4711", "ACME GmbH");
    }

    JsonNode leases = main.operator().leasesOfTask(task);
    assertThat(leases).hasSize(2);
    assertThat(StreamSupport.stream(leases.spliterator(), false).map(l -> l.path("backend").asText()).toList())
        .containsExactlyInAnyOrder("shop-db", "billing-api");
    for (JsonNode lease : leases) {
      assertThat(lease.path("state").asText()).isEqualTo("active");
      assertThat(lease.path("user").asText()).isEqualTo(keycloak.issuer() + "#" + aliceSub);
      assertThat(lease.path("agents").toString()).contains(AGENT);
      assertThat(lease.path("task").asText()).isEqualTo(task);
    }
    assertThat(billing.subjects()).isNotEmpty();
    String audit = main.audit();
    for (JsonNode lease : leases) assertThat(audit).contains("lease.issued").contains(lease.path("id").asText());
  }

  @Test
  @Order(2)
  void noCredentialReachesTheAgent_theAuditLog_orTheGatewaysLog() throws Exception {
    JsonNode leases = main.operator().leasesOfTask("orders-review");
    String dbLease = leaseOf(leases, "shop-db");
    LastMileCredential.DatabaseLogin login = LeaseCredentials.login(main.dataDir(), rootKeyFile, dbLease);
    assertThat(login.username()).isEqualTo(PostgresRoleBackend.roleName(dbLease));
    var secrets = new ArrayList<String>();
    secrets.add(login.password());
    secrets.add(shop.adminPassword());
    secrets.add(PortcullisRealm.BILLING_CLIENT_SECRET);
    secrets.addAll(billing.tokensReceived());
    assertThat(billing.tokensReceived()).as("tokens the billing API was given").isNotEmpty();

    String seen = proxy.seenByAgent();
    assertThat(seen).as("the recording holds the agent's traffic").contains("rocket skates", "INV-4711");
    String audit = main.audit();
    String log = output.text();
    assertThat(log).as("the capture holds the gateway's log").contains("listening for agents", "lease");
    for (String secret : secrets) {
      assertThat(secret).hasSizeGreaterThan(8);
      assertThat(seen).as("what the agent saw").doesNotContain(secret);
      assertThat(audit).as("the audit log").doesNotContain(secret);
      assertThat(log).as("the gateway's log").doesNotContain(secret);
    }
  }

  @Test
  @Order(3)
  void concurrentFirstCallsOfOneTask_shareOneLeasePerBackend() throws Exception {
    String task = "month-end";
    String delegation = delegation(main, task);
    int agents = 6;
    var clients = new ArrayList<McpSyncClient>();
    for (int i = 0; i < agents; i++) {
      McpSyncClient client = main.agent().client(SERVER, delegation);
      client.initialize();
      clients.add(client);
    }
    var go = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(agents * 2)) {
      var calls = new ArrayList<Future<String>>();
      for (McpSyncClient client : clients) {
        calls.add(pool.submit(() -> {
          go.await();
          return text(client.callTool(new McpSchema.CallToolRequest(SQL_TOOL, Map.of("customer", "Globex"))));
        }));
        calls.add(pool.submit(() -> {
          go.await();
          return text(client.callTool(new McpSchema.CallToolRequest(HTTP_TOOL, Map.of("id", "INV-0001"))));
        }));
      }
      go.countDown();
      for (Future<String> call : calls) assertThat(call.get()).containsAnyOf("widget", "INV-0001");
    } finally {
      clients.forEach(McpSyncClient::close);
    }

    JsonNode leases = main.operator().leasesOfTask(task);
    assertThat(StreamSupport.stream(leases.spliterator(), false).map(l -> l.path("backend").asText()).toList())
        .containsExactlyInAnyOrder("shop-db", "billing-api");
  }

  @Test
  @Order(4)
  void revokingTheTask_endsTheRolesSessionsAndDropsTheRole_beforeTheRevocationReturns() throws Exception {
    String task = "refunds";
    String delegation = delegation(main, task);
    try (var client = main.agent().client(SERVER, delegation)) {
      client.initialize();
      text(client.callTool(new McpSchema.CallToolRequest(SQL_TOOL, Map.of("customer", "ACME GmbH"))));
      String lease = leaseOf(main.operator().leasesOfTask(task), "shop-db");
      String role = PostgresRoleBackend.roleName(lease);
      var login = LeaseCredentials.login(main.dataDir(), rootKeyFile, lease);
      try (Connection stolen = shop.connectAs(login.username(), login.password())) {
        assertThat(shop.sessionsOf(role)).as("the connector's session and one more").isGreaterThanOrEqualTo(2);

        main.operator().post("/revocations", Map.of("kind", "task", "target", task, "reason", "task cancelled"));

        assertThat(shop.sessionsOf(role)).as("sessions of the revoked role").isZero();
        assertThat(shop.roleExists(role)).as("the revoked role").isFalse();
        assertThat(stolen.isValid(2)).as("a session opened with the lease's login").isFalse();
      }
      assertThat(main.operator().leasesOfTask(task).path(0).path("state").asText()).isNotEqualTo("active");
      assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest(SQL_TOOL, Map.of("customer", "ACME GmbH"))))
          .as("a call of the revoked task").isNotNull();
      assertThat(main.audit()).contains("lease.revoked");
    }
  }

  @Test
  @Order(5)
  void sealedVault_refusesCredentialedToolsWithTheReason_untilUnsealed() throws Exception {
    Path data = dir.resolve("sealed");
    Deployment sealed = deploy(data, null, Duration.ofMinutes(15), Duration.ofHours(1));
    try {
      assertThat(sealed.operator().get("/vault").path("sealed").asBoolean()).isTrue();
      String delegation = delegation(sealed, "sealed-shift");
      try (var client = sealed.agent().client(SERVER, delegation)) {
        client.initialize();
        assertThat(text(client.callTool(new McpSchema.CallToolRequest(OPEN_TOOL, Map.of())))).contains("up");
        assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest(SQL_TOOL, Map.of("customer", "Globex"))))
            .isInstanceOfSatisfying(McpError.class, e -> {
              assertThat(e.getJsonRpcError().code()).isEqualTo(-32006);
              assertThat(e.getJsonRpcError().message()).contains("sealed");
            });

        sealed.operator().post("/vault/unseal", Map.of("keyset", Files.readString(rootKeyFile)));
        writeSecrets(sealed.operator());

        assertThat(text(client.callTool(new McpSchema.CallToolRequest(SQL_TOOL, Map.of("customer", "Globex")))))
            .contains("widget");
      }
    } finally {
      sealed.gateway().close();
      proxy.forwardTo(main.gateway().port());
    }
  }

  @Test
  @Order(6)
  void aDifferentRootKey_isRefusedAtStartNamingTheKeyIds() throws Exception {
    Path otherKeyFile = dir.resolve("other-root-key.json");
    RootKey other = RootKey.writeNewFile(otherKeyFile);
    RootKey right = RootKey.fromFile(rootKeyFile);
    // The vault of the sealed test holds secrets under the right key by now.
    GatewayConfig config = config(dir.resolve("sealed"), otherKeyFile, Duration.ofMinutes(15), Duration.ofHours(1));

    assertThatThrownBy(() -> Gateway.start(config).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vault")
        .hasMessageContaining(String.valueOf(other.primaryId()))
        .hasMessageContaining(String.valueOf(right.primaryId()));
  }

  @Test
  @Order(7)
  void leasesSurviveARestart_andTheSweepRevokesThemAtTheirTtl() throws Exception {
    Path data = dir.resolve("restart");
    // Long enough to outlive the restart on a busy machine, short enough to wait for.
    Duration ttl = Duration.ofSeconds(8);
    Duration maxTtl = Duration.ofSeconds(16);
    Deployment first = deploy(data, rootKeyFile, ttl, maxTtl);
    String lease;
    String role;
    try {
      writeSecrets(first.operator());
      try (var client = first.agent().client(SERVER, delegation(first, "night-batch"))) {
        client.initialize();
        text(client.callTool(new McpSchema.CallToolRequest(SQL_TOOL, Map.of("customer", "Globex"))));
      }
      lease = leaseOf(first.operator().leasesOfTask("night-batch"), "shop-db");
      role = PostgresRoleBackend.roleName(lease);
    } finally {
      first.gateway().close();
    }
    assertThat(shop.roleExists(role)).as("the role after the gateway closed").isTrue();

    Gateway restarted = Gateway.start(config(data, rootKeyFile, ttl, maxTtl));
    toClose.add(restarted);
    var operator = new Operator(restarted.adminPort(), restarted.adminToken());
    JsonNode listed = operator.leasesOfTask("night-batch");
    assertThat(listed).hasSize(1);
    assertThat(listed.path(0).path("id").asText()).isEqualTo(lease);
    assertThat(listed.path(0).path("state").asText()).isEqualTo("active");

    // The sweep runs every second; the lease's TTL is a few seconds. Wait for the outcome, not for a time.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (shop.roleExists(role) && System.nanoTime() < deadline) Thread.sleep(200);
    assertThat(shop.roleExists(role)).as("the role once its lease's TTL passed").isFalse();
    assertThat(operator.leasesOfTask("night-batch").path(0).path("state").asText()).isNotEqualTo("active");
    assertThat(Files.readString(data.resolve("audit.log"))).contains("lease.revoked");
    restarted.close();
  }

  /** Starts a gateway whose agents come through the recording proxy, and enrols the clerk at it. */
  private Deployment deploy(Path dataDir, Path keyFile, Duration ttl, Duration maxTtl) throws IOException {
    Gateway gateway = Gateway.start(config(dataDir, keyFile, ttl, maxTtl));
    toClose.add(gateway);
    proxy.forwardTo(gateway.port());
    var operator = new Operator(gateway.adminPort(), gateway.adminToken());
    var agent = new Agent(gatewayUrl());
    String instance = agent.enrol(operator.registerAndIssue(AGENT), "c1");
    return new Deployment(gateway, operator, agent, instance);
  }

  private String gatewayUrl() { return "http://127.0.0.1:" + proxy.port(); }

  private GatewayConfig config(Path dataDir, Path keyFile, Duration ttl, Duration maxTtl) {
    var identity = new GatewayConfig.Identity(null, null, null, null, false, null, null, 2, null,
        List.of(new GatewayConfig.IdentityProvider(keycloak.issuer(), null, List.of(PortcullisRealm.AUDIENCE), null)),
        new GatewayConfig.DelegationRules(Map.of(AGENT, List.of("*")), Map.of()));
    var shopDb = new VaultConfig.Backend("postgres", ttl, maxTtl, shop.jdbcUrl(), ShopDatabase.ADMIN, ADMIN_SECRET,
        List.of(ShopDatabase.READER), null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    var billingApi = new VaultConfig.Backend("oauth-client-credentials", null, null, null, null, null, null, null, null,
        keycloak.tokenEndpoint(), PortcullisRealm.BILLING_CLIENT, CLIENT_SECRET, null, PortcullisRealm.BILLING_AUDIENCE,
        null, null, null, null, null, null, null);
    var vault = new VaultConfig(keyFile, Map.of("shop-db", shopDb, "billing-api", billingApi));
    var ordersByCustomer = new ConnectorConfig.SqlQuery("A customer's orders",
        "SELECT id, item, amount FROM orders WHERE customer = :customer ORDER BY id",
        Map.of("customer", Map.of("type", "string", "maxLength", 100)), List.of("customer"), null, null);
    var sql = new ConnectorConfig.Sql(shop.jdbcUrl(), Map.of("orders_by_customer", ordersByCustomer), null, null);
    var invoice = new ConnectorConfig.HttpTool("One invoice", "GET", "/invoices/{id}",
        Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string", "pattern", "^INV-[0-9]{4}$")),
            "required", List.of("id")), null);
    var status = new ConnectorConfig.HttpTool("Whether billing is up", "GET", "/status", null, null);
    var upstreams = List.of(
        new GatewayConfig.UpstreamConfig("shop", null, null, null, null, null, null, null, null, "shop-db", null, sql),
        new GatewayConfig.UpstreamConfig("billing", null, null, null, null, null, null, null, null, "billing-api",
            new ConnectorConfig.Http(billing.baseUrl(), Map.of("get_invoice", invoice), null, null, null), null),
        new GatewayConfig.UpstreamConfig("status", null, null, null, null, null, null, null, null, null,
            new ConnectorConfig.Http(billing.baseUrl(), Map.of("get_status", status), null, null, null), null));
    return new GatewayConfig(new GatewayConfig.Endpoint("127.0.0.1", 0), new GatewayConfig.Endpoint("127.0.0.1", 0),
        gatewayUrl(), dataDir, null, identity, upstreams,
        List.of(new GatewayConfig.ServerConfig(SERVER, List.of("shop", "billing", "status"), null)),
        new GatewayConfig.Tools(Map.of(SQL_TOOL, "first-seen", HTTP_TOOL, "first-seen", OPEN_TOOL, "first-seen"), null),
        new GatewayConfig.Policy(List.of(policyDir)), null, null, null, vault);
  }

  private void writeSecrets(Operator operator) {
    operator.putSecret(ADMIN_SECRET, shop.adminPassword());
    operator.putSecret(CLIENT_SECRET, PortcullisRealm.BILLING_CLIENT_SECRET);
  }

  /** Alice signs in at Keycloak and the clerk exchanges her token for a delegation of {@code task}. */
  private String delegation(Deployment at, String task) {
    String alice = keycloak.userToken(PortcullisRealm.AGENT_APP, PortcullisRealm.ALICE, PortcullisRealm.ALICE_PASSWORD);
    return at.agent().delegation(alice, at.instanceToken(), SERVER, task, List.of("shop.*", "billing.*", "status.*"));
  }

  private static String leaseOf(JsonNode leases, String backend) {
    for (JsonNode lease : leases) {
      if (lease.path("backend").asText().equals(backend)) return lease.path("id").asText();
    }
    throw new AssertionError("no " + backend + " lease in " + leases);
  }

  private static String text(McpSchema.CallToolResult result) {
    String text = result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
        .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
    if (Boolean.TRUE.equals(result.isError())) throw new AssertionError("tool error: " + text);
    return text;
  }
}
