package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.e2e.keycloak.KeycloakServer;
import dev.portcullis.e2e.keycloak.PortcullisRealm;
import dev.portcullis.identity.txn.TxnToken;
import dev.portcullis.identity.txn.TxnTokenVerifier;
import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.GatewayConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delegation story against a real identity provider: Alice signs in at Keycloak; the planner
 * agent exchanges her token for a delegation token bound to its own key; it hands a narrower one to
 * the researcher sub-agent; the researcher calls a tool through the gateway with DPoP; the backend
 * receives a transaction token naming Alice and the chain, and never an agent's token; revoking
 * the planner cuts the researcher off on its next call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DelegationWithKeycloakTest {
  private static final String POLICY = """
      rules:
        - id: delegated-work
          effect: allow
          description: "Tools of the work server, only on a user's behalf"
          tools: ["modern.*"]
          when: 'delegation.delegated && delegation.depth <= 2'
      """;

  private Path dir;
  private final Processes processes = new Processes();
  private KeycloakServer keycloak;
  private Gateway gateway;
  private Admin admin;
  private Path headersLog;
  private String tokenEndpoint;
  private String resource;
  private final AgentKey plannerKey = AgentKey.generate();
  private final AgentKey researcherKey = AgentKey.generate();
  private String plannerInstance;
  private String researcherInstance;
  private String plannerDelegation;
  private String researcherDelegation;
  private String alice;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    keycloak = KeycloakServer.shared();
    headersLog = dir.resolve("headers.jsonl");
    Process modern = processes.start(new ProcessBuilder("node", "node/modern-server.mjs", "--port", "0", "--headers-log",
        headersLog.toString()).redirectError(dir.resolve("modern.err").toFile()));
    var reader = new BufferedReader(new InputStreamReader(modern.getInputStream(), StandardCharsets.UTF_8));
    int modernPort = Json.parse(reader.readLine()).path("port").asInt();
    Path policy = Files.createDirectories(dir.resolve("policy"));
    Files.writeString(policy.resolve("delegation.yaml"), POLICY);
    var identity = new GatewayConfig.Identity(null, null, null, null, false, null, null, 2, null,
        List.of(new GatewayConfig.IdentityProvider(keycloak.issuer(), null, List.of(PortcullisRealm.AUDIENCE), null)),
        new GatewayConfig.DelegationRules(Map.of("planner", List.of("*")), Map.of("planner", List.of("researcher"))));
    var upstream = new GatewayConfig.UpstreamConfig("modern", "http://127.0.0.1:" + modernPort + "/mcp", null, null, null, null,
        null, true, "work-backend");
    var config = new GatewayConfig(new GatewayConfig.Endpoint("127.0.0.1", 0), new GatewayConfig.Endpoint("127.0.0.1", 0), null,
        dir.resolve("data"), null, identity, List.of(upstream), List.of(new GatewayConfig.ServerConfig("work", List.of("modern"), null)),
        new GatewayConfig.Tools(Map.of("modern.echo", "first-seen", "modern.slow", "first-seen"), null),
        new GatewayConfig.Policy(List.of(policy)), null, null);
    gateway = Gateway.start(config);
    admin = new Admin(gateway.adminPort(), gateway.adminToken());
    tokenEndpoint = "http://127.0.0.1:" + gateway.port() + "/oauth2/token";
    resource = "http://127.0.0.1:" + gateway.port() + "/mcp/work";
  }

  @AfterAll
  void stop() {
    if (gateway != null) gateway.close();
    processes.close();
  }

  @Test
  @Order(1)
  void agentsEnrolInstancesBoundToTheirOwnKeys() throws Exception {
    String plannerCredential = admin.registerAndIssue("planner", "15m");
    String researcherCredential = admin.registerAndIssue("researcher", "15m");

    plannerInstance = plannerKey.enrol(tokenEndpoint, plannerCredential, "p1").accessToken();
    researcherInstance = researcherKey.enrol(tokenEndpoint, researcherCredential, "r1").accessToken();

    var claims = SignedJWT.parse(plannerInstance).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("spiffe://portcullis.local/agent/planner/i/p1");
    assertThat(((Map<?, ?>) claims.getClaim("cnf")).get("jkt")).isEqualTo(plannerKey.thumbprint());
    assertThat(admin.get("/agents/planner/instances").path("instances").get(0).path("jkt").asText()).isEqualTo(plannerKey.thumbprint());
  }

  @Test
  @Order(2)
  void userTokenFromKeycloak_isExchangedForADelegationNamingAliceAndThePlanner() throws Exception {
    alice = keycloak.userToken(PortcullisRealm.AGENT_APP, PortcullisRealm.ALICE, PortcullisRealm.ALICE_PASSWORD);
    String aliceSub = SignedJWT.parse(alice).getJWTClaimsSet().getSubject();

    plannerDelegation = plannerKey.tokenRequest(tokenEndpoint, delegate(alice, plannerInstance,
        grant("summarise-inbox", List.of("modern.*")))).accessToken();

    var jwt = SignedJWT.parse(plannerDelegation);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("dlg+jwt");
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(aliceSub);
    assertThat(claims.getAudience()).containsExactly(resource);
    assertThat(((Map<?, ?>) claims.getClaim("act")).get("sub")).isEqualTo("spiffe://portcullis.local/agent/planner/i/p1");
    assertThat(((Map<?, ?>) claims.getClaim("cnf")).get("jkt")).isEqualTo(plannerKey.thumbprint());
    assertThat(claims.getStringClaim("txn")).isNotBlank();
  }

  @Test
  @Order(3)
  void userTokenForAnotherAudience_isRefused() throws Exception {
    String otherApp = keycloak.userToken(PortcullisRealm.OTHER_APP, PortcullisRealm.ALICE, PortcullisRealm.ALICE_PASSWORD);

    var refused = plannerKey.tokenRequest(tokenEndpoint, delegate(otherApp, plannerInstance, grant("x", List.of("modern.echo"))));

    assertThat(refused.status()).isBetween(400, 401);
    assertThat(refused.raw()).doesNotContain(otherApp);
    assertThat(Files.readString(gateway.config().dataDir().resolve("audit.log"))).contains("token.refused").doesNotContain(otherApp);
  }

  @Test
  @Order(4)
  void subAgentGetsANarrowerTokenInTheSameTransaction_andCannotWiden() throws Exception {
    var narrowed = researcherKey.tokenRequest(tokenEndpoint, narrow(plannerDelegation, researcherInstance,
        grant("summarise-inbox", List.of("modern.echo"))));
    researcherDelegation = narrowed.accessToken();
    var parent = SignedJWT.parse(plannerDelegation).getJWTClaimsSet();
    var child = SignedJWT.parse(researcherDelegation).getJWTClaimsSet();
    assertThat(child.getSubject()).isEqualTo(parent.getSubject());
    assertThat(child.getStringClaim("txn")).isEqualTo(parent.getStringClaim("txn"));
    assertThat(child.getExpirationTime()).isBeforeOrEqualTo(parent.getExpirationTime());
    var act = (Map<?, ?>) child.getClaim("act");
    assertThat(act.get("sub")).isEqualTo("spiffe://portcullis.local/agent/researcher/i/r1");
    assertThat(((Map<?, ?>) act.get("act")).get("sub")).isEqualTo("spiffe://portcullis.local/agent/planner/i/p1");

    var wider = researcherKey.tokenRequest(tokenEndpoint, narrow(plannerDelegation, researcherInstance,
        grant("summarise-inbox", List.of("other.*"))));
    assertThat(wider.status()).isEqualTo(400);
    assertThat(wider.json().path("error_description").asText()).contains("other.*");
  }

  @Test
  @Order(5)
  void subAgentCallsThroughTheGateway_backendGetsATransactionTokenAndNoAgentToken() throws Exception {
    try (var client = client(researcherKey, () -> researcherDelegation)) {
      client.initialize();
      assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name).toList()).containsExactly("modern.echo");

      var result = client.callTool(new McpSchema.CallToolRequest("modern.echo", Map.of("message", "for alice")));
      assertThat(((McpSchema.TextContent) result.content().getFirst()).text()).isEqualTo("Echo: for alice");

      assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("modern.slow", Map.of("steps", 1))))
          .as("a tool outside the sub-agent's grant").hasMessageContaining("outside the task grant 'summarise-inbox'");
    }

    List<JsonNode> calls = Files.readAllLines(headersLog).stream().map(Json::parse)
        .filter(l -> l.path("method").asText().equals("POST")).toList();
    assertThat(calls).isNotEmpty();
    for (JsonNode call : calls) {
      assertThat(call.path("headers").has("authorization")).as("agent token passed through").isFalse();
      assertThat(call.path("headers").has("dpop")).as("agent proof passed through").isFalse();
    }
    String txnToken = calls.stream().map(c -> c.path("headers").path("txn-token").asText("")).filter(t -> !t.isEmpty())
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no Txn-Token reached the backend"));
    var jwks = Json.MAPPER.readValue(RawMcp.get("http://127.0.0.1:" + gateway.port() + "/.well-known/jwks.json").body(), Map.class);
    @SuppressWarnings("unchecked")
    TxnToken verified = new TxnTokenVerifier((Map<String, Object>) jwks, "work-backend", InstantSource.system()).verify(txnToken);
    var child = SignedJWT.parse(researcherDelegation).getJWTClaimsSet();
    assertThat(verified.subject()).isEqualTo(keycloak.issuer() + "#" + child.getSubject());
    assertThat(verified.txn()).isEqualTo(child.getStringClaim("txn"));
    assertThat(verified.scope()).isEqualTo("modern.echo");
    assertThat(verified.actors()).containsExactly("spiffe://portcullis.local/agent/researcher/i/r1",
        "spiffe://portcullis.local/agent/planner/i/p1");
  }

  @Test
  @Order(6)
  void delegationTokenWithoutItsKeysProof_isRefused() throws Exception {
    // The planner's token presented with the researcher's key: a stolen token is useless without the key.
    try (var client = client(researcherKey, () -> plannerDelegation)) {
      assertThatThrownBy(client::initialize).isNotNull();
    }
  }

  @Test
  @Order(7)
  void revokingThePlanner_cutsOffTheSubAgentOnItsNextCall() throws Exception {
    try (var client = client(researcherKey, () -> researcherDelegation)) {
      client.initialize();
      client.callTool(new McpSchema.CallToolRequest("modern.echo", Map.of("message", "before")));

      admin.post("/revocations", Map.of("kind", "agent", "target", "planner", "reason", "compromised in e2e"));

      assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("modern.echo", Map.of("message", "after"))))
          .isNotNull();
    }
    String audit = Files.readString(gateway.config().dataDir().resolve("audit.log"));
    assertThat(audit).contains("admin.revoked");
    assertThat(audit).doesNotContain(researcherDelegation).doesNotContain(alice);
  }

  private McpSyncClient client(AgentKey key, java.util.function.Supplier<String> token) {
    var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gateway.port())
        .endpoint("/mcp/work").httpRequestCustomizer(key.customizer(token)).build();
    JsonSchemaValidator acceptAll = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).jsonSchemaValidator(acceptAll).build();
  }

  private Map<String, String> delegate(String userToken, String actorToken, String details) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", AgentKey.TOKEN_EXCHANGE);
    form.put("subject_token", userToken);
    form.put("subject_token_type", AgentKey.ACCESS_TOKEN);
    form.put("actor_token", actorToken);
    form.put("actor_token_type", AgentKey.ACCESS_TOKEN);
    form.put("resource", resource);
    form.put("authorization_details", details);
    return form;
  }

  private Map<String, String> narrow(String parent, String actorToken, String details) {
    return delegate(parent, actorToken, details);
  }

  private static String grant(String task, List<String> tools) {
    return Json.write(List.of(Map.of("type", "portcullis_task", "task", task, "tools", tools)));
  }

}
