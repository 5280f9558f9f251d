package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertTokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.Principal;
import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.identity.TokenError.Code;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Enrolment of agent instances at the {@link TokenService}: instance tokens, rotation, renewal. */
class TokenServiceEnrolTest {
  private static final String I1 = "spiffe://portcullis.example/agent/invoice-bot/i/i1";

  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);

  @Test
  void enrol_credentialAndProof_yieldInstanceTokenBoundToTheKey() {
    TokenResponse response = world.tokens.exchange(
        IdentityFixture.enrolRequest(world.credential("invoice-bot"), "i1", key.tokenRequest()));

    assertThat(response.issuedTokenType()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
    assertThat(response.tokenType()).isEqualTo("DPoP");
    assertThat(response.expiresIn()).isEqualTo(600);
    Map<String, Object> header = TokenForge.headerOf(response.accessToken());
    assertThat(header).containsOnlyKeys("alg", "typ", "kid").containsEntry("typ", "at+jwt");
    Map<String, Object> claims = TokenForge.claimsOf(response.accessToken());
    assertThat(claims)
        .containsEntry("iss", TokenForge.ISSUER)
        .containsEntry("sub", I1)
        .containsEntry("aud", TokenForge.RESOURCE)
        .containsEntry("client_id", "invoice-bot")
        .containsEntry("cnf", Map.of("jkt", key.jkt()))
        .containsEntry("exp", TestClock.START.getEpochSecond() + 600)
        .containsKey("jti");
  }

  @Test
  void enrol_recordsTheInstanceWithItsPublicKey() {
    world.enrol("invoice-bot", "i1", key);

    AgentInstanceRecord instance = world.instances.get("invoice-bot", "i1").orElseThrow();
    assertThat(instance.subject()).isEqualTo(I1);
    assertThat(instance.jkt()).isEqualTo(key.jkt());
    assertThat(instance.publicJwk()).contains("\"x\"").doesNotContain("\"d\"");
    assertThat(instance.status()).isEqualTo(AgentInstanceRecord.Status.ACTIVE);
    assertThat(instance.createdAt()).isEqualTo(TestClock.START);
    assertThat(instance.rotatedAt()).isNull();
  }

  @Test
  void enrol_reportsFactsForAuditWithoutTokens() {
    String credential = world.credential("invoice-bot");
    TokenResponse response = world.tokens.exchange(IdentityFixture.enrolRequest(credential, "i1", key.tokenRequest()));

    assertThat(response.facts()).containsOnly(Map.entry("agent", "invoice-bot"), Map.entry("instance", I1),
        Map.entry("outcome", "enrolled"));
    assertThat(response.toString()).doesNotContain(response.accessToken()).contains("<redacted>");
  }

  @Test
  void enrol_withoutInstance_generatesAnId() {
    TokenResponse response = world.tokens.exchange(
        IdentityFixture.enrolRequest(world.credential("invoice-bot"), null, key.tokenRequest()));

    assertThat((String) response.facts().get("instance"))
        .matches("spiffe://portcullis\\.example/agent/invoice-bot/i/[A-Za-z0-9_-]{12}");
    assertThat(world.instances.list("invoice-bot")).hasSize(1);
  }

  @Test
  void enrol_ed25519Key_isBoundToo() {
    ProofForge ed = ProofForge.ed25519(world.clock);
    String token = world.enrol("invoice-bot", "i1", ed);
    assertThat(world.call(token, ed).subject()).isEqualTo(I1);
  }

  @Test
  void enrol_newKeyForExistingInstance_rotatesWithoutBreakingOldTokens() {
    String before = world.enrol("invoice-bot", "i1", key);
    world.clock.advance(Duration.ofMinutes(1));
    ProofForge next = new ProofForge(world.clock);

    TokenResponse rotated = world.tokens.exchange(
        IdentityFixture.enrolRequest(world.credential("invoice-bot"), "i1", next.tokenRequest()));

    assertThat(rotated.facts()).containsEntry("outcome", "rotated");
    AgentInstanceRecord instance = world.instances.get("invoice-bot", "i1").orElseThrow();
    assertThat(instance.jkt()).isEqualTo(next.jkt());
    assertThat(instance.rotatedAt()).isEqualTo(TestClock.START.plusSeconds(60));
    assertThat(instance.createdAt()).isEqualTo(TestClock.START);
    assertThat(world.call(before, key).subject()).isEqualTo(I1);
    assertThat(world.call(rotated.accessToken(), next).subject()).isEqualTo(I1);
  }

  @Test
  void enrol_sameKeyAgain_renews() {
    world.enrol("invoice-bot", "i1", key);
    TokenResponse again = world.tokens.exchange(
        IdentityFixture.enrolRequest(world.credential("invoice-bot"), "i1", key.tokenRequest()));
    assertThat(again.facts()).containsEntry("outcome", "renewed");
    assertThat(world.instances.get("invoice-bot", "i1").orElseThrow().rotatedAt()).isNull();
  }

  @Test
  void enrol_ttlNeverOutlivesTheCredential() {
    String credential = world.credential("invoice-bot");
    world.clock.advance(Duration.ofMinutes(12));
    TokenResponse response = world.tokens.exchange(IdentityFixture.enrolRequest(credential, "i1", key.tokenRequest()));
    assertThat(response.expiresIn()).isEqualTo(180);
  }

  @Test
  void enrol_revokedInstance_cannotEnrolAgain() {
    world.enrol("invoice-bot", "i1", key);
    world.instances.revoke("invoice-bot", "i1");
    assertTokenError(() -> world.enrol("invoice-bot", "i1", key), Code.INVALID_GRANT,
        "instance '" + I1 + "' is revoked and cannot enrol again");
  }

  @Test
  void enrol_instanceRevokedInTheList_cannotEnrolAgain() {
    world.revocations.revoke(new RevocationRecord(RevocationRecord.Kind.INSTANCE, I1, "lost", "admin", TestClock.START));
    assertTokenError(() -> world.enrol("invoice-bot", "i1", key), Code.INVALID_GRANT, "cannot enrol again");
  }

  @Test
  void enrol_disabledAgent_isRefused() {
    String credential = world.credential("invoice-bot");
    world.agents.put(InMemoryAgents.agent("invoice-bot", AgentRecord.Status.DISABLED));
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.enrolRequest(credential, "i1", key.tokenRequest())),
        Code.INVALID_GRANT, "subject_token refused: agent 'invoice-bot' is disabled", credential);
  }

  @Test
  void enrol_revokedAgent_isRefused() {
    String credential = world.credential("invoice-bot");
    world.revocations.revoke(new RevocationRecord(RevocationRecord.Kind.AGENT, "invoice-bot", "x", "admin",
        TestClock.START));
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.enrolRequest(credential, "i1", key.tokenRequest())),
        Code.INVALID_GRANT, "agent 'invoice-bot' is revoked", credential);
  }

  @Test
  void enrol_instanceTokenAsCredential_isRefused() {
    String instanceToken = world.enrol("invoice-bot", "i1", key);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.enrolRequest(instanceToken, "i2", key.tokenRequest())),
        Code.INVALID_GRANT, "an instance token cannot enrol", instanceToken);
  }

  @Test
  void enrol_withoutProof_isRefused() {
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.enrolRequest(world.credential("invoice-bot"), "i1",
        null)), Code.INVALID_DPOP_PROOF, "a DPoP proof is required");
  }

  @Test
  void enrol_proofForAnotherUrl_isRefused() {
    String proof = key.proof("POST", "https://gw.example.com/other", null);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.enrolRequest(world.credential("invoice-bot"), "i1",
        proof)), Code.INVALID_DPOP_PROOF, "another URL (htu)", proof);
    assertThat(world.instances.list()).isEmpty();
  }

  @Test
  void enrol_malformedInstanceId_isRefused() {
    for (String id : List.of("..", "a/b", "x".repeat(65), "a b")) {
      assertTokenError(() -> world.enrol("invoice-bot", id, key), Code.INVALID_REQUEST, "instance must match");
    }
  }

  @Test
  void enrol_withResource_isRefused() {
    TokenRequest base = IdentityFixture.enrolRequest(world.credential("invoice-bot"), "i1", key.tokenRequest());
    var form = new java.util.LinkedHashMap<>(base.form());
    form.put("resource", List.of(IdentityFixture.BANK));
    assertTokenError(() -> world.tokens.exchange(new TokenRequest(form, base.dpopProof(), "POST", base.url())),
        Code.INVALID_REQUEST, "parameter 'resource' has no meaning for an enrolment");
  }

  @Test
  void instanceToken_callsAsTheInstance() {
    String token = world.enrol("invoice-bot", "i1", key);
    Principal principal = world.call(token, key);
    assertThat(principal.agentId()).isEqualTo("invoice-bot");
    assertThat(principal.subject()).isEqualTo(I1);
    assertThat(principal.delegation()).isNull();
    assertThat(principal.attributes()).containsEntry("instance", "i1");
  }
}
