package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.Principal;
import dev.portcullis.core.state.AgentRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The claim and agent checks of {@link AgentTokenVerifier}. */
class AgentTokenVerifierTest {
  private final TokenForge forge = new TokenForge();
  private final TestClock clock = new TestClock();
  private final InMemoryAgents agents = new InMemoryAgents();
  private final AgentTokenVerifier verifier = new AgentTokenVerifier(TokenForge.SETTINGS, forge.keys, agents, clock);

  @BeforeEach
  void registerAgent() {
    agents.put(InMemoryAgents.agent(TokenForge.AGENT, AgentRecord.Status.ACTIVE));
  }

  @Test
  void verify_validToken_yieldsPrincipal() {
    Principal principal = verifier.verify(forge.valid());

    assertThat(principal.agentId()).isEqualTo("invoice-bot");
    assertThat(principal.subject()).isEqualTo("spiffe://portcullis.example/agent/invoice-bot");
    assertThat(principal.owner()).isEqualTo("alice@example.com");
    assertThat(principal.tokenId()).isEqualTo("jti-marker-7f3a9c");
    assertThat(principal.expiresAt()).isEqualTo(TestClock.START.plusSeconds(300));
    assertThat(principal.attributes())
        .containsEntry("labels", Map.of("team", "finance", "env", "prod"))
        .containsEntry("description", "reconciles invoices");
  }

  @Test
  void verify_issuedToken_roundTrips() {
    var issuer = new AgentTokenIssuer(TokenForge.SETTINGS, forge.keys, clock);
    IssuedToken issued = issuer.issue(agents.get(TokenForge.AGENT).orElseThrow(), Duration.ofMinutes(5));

    Principal principal = verifier.verify(issued.token());

    assertThat(principal.tokenId()).isEqualTo(issued.tokenId());
    assertThat(principal.expiresAt()).isEqualTo(issued.expiresAt());
  }

  @Test
  void verify_expiredToken_isRejected() {
    String token = forge.valid();
    clock.advance(Duration.ofSeconds(300));
    assertRejected(verifier, token, "token has expired");
  }

  @Test
  void verify_tokenOneSecondBeforeExpiry_isAccepted() {
    String token = forge.valid();
    clock.advance(Duration.ofSeconds(299));
    assertThat(verifier.verify(token).agentId()).isEqualTo(TokenForge.AGENT);
  }

  @Test
  void verify_notBeforeInFuture_isRejected() {
    var claims = forge.claims();
    claims.put("nbf", TestClock.START.getEpochSecond() + 31);
    assertRejected(verifier, forge.sign(forge.header(), claims), "not valid yet");
  }

  @Test
  void verify_notBeforeWithinSkew_isAccepted() {
    var claims = forge.claims();
    claims.put("nbf", TestClock.START.getEpochSecond() + 30);
    assertThat(verifier.verify(forge.sign(forge.header(), claims)).agentId()).isEqualTo(TokenForge.AGENT);
  }

  @Test
  void verify_issuedInFuture_isRejected() {
    var claims = forge.claims();
    claims.put("iat", TestClock.START.getEpochSecond() + 60);
    claims.remove("nbf");
    assertRejected(verifier, forge.sign(forge.header(), claims), "issued in the future");
  }

  @Test
  void verify_missingExpiry_isRejected() {
    var claims = forge.claims();
    claims.remove("exp");
    assertRejected(verifier, forge.sign(forge.header(), claims), "no expiry");
  }

  @Test
  void verify_missingIssueTime_isRejected() {
    var claims = forge.claims();
    claims.remove("iat");
    assertRejected(verifier, forge.sign(forge.header(), claims), "no issue time");
  }

  @Test
  void verify_expiryNotANumber_isRejected() {
    var claims = forge.claims();
    claims.put("exp", "tomorrow");
    assertRejected(verifier, forge.sign(forge.header(), claims), "exp is not a number");
  }

  @Test
  void verify_lifetimeLongerThanMaximum_isRejected() {
    var claims = forge.claims();
    claims.put("exp", TestClock.START.getEpochSecond() + Duration.ofMinutes(15).toSeconds() + 1);
    assertRejected(verifier, forge.sign(forge.header(), claims), "lifetime exceeds the maximum of PT15M");
  }

  @Test
  void verify_wrongIssuer_isRejected() {
    var claims = forge.claims();
    claims.put("iss", "https://evil.example.com");
    assertRejected(verifier, forge.sign(forge.header(), claims), "issuer (iss) is not this gateway");
  }

  @Test
  void verify_wrongAudience_isRejected() {
    var claims = forge.claims();
    claims.put("aud", "https://other.example.com/mcp");
    assertRejected(verifier, forge.sign(forge.header(), claims), "audience (aud) is not this gateway");
  }

  @Test
  void verify_twoAudiences_isRejected() {
    var claims = forge.claims();
    claims.put("aud", List.of(TokenForge.RESOURCE, "https://other.example.com/mcp"));
    assertRejected(verifier, forge.sign(forge.header(), claims), "exactly one audience");
  }

  @Test
  void verify_singleAudienceArray_isAccepted() {
    var claims = forge.claims();
    claims.put("aud", List.of(TokenForge.RESOURCE));
    assertThat(verifier.verify(forge.sign(forge.header(), claims)).agentId()).isEqualTo(TokenForge.AGENT);
  }

  @Test
  void verify_subjectAndClientIdMismatch_isRejected() {
    agents.put(InMemoryAgents.agent("payroll-bot", AgentRecord.Status.ACTIVE));
    var claims = forge.claims();
    claims.put("client_id", "payroll-bot");
    assertRejected(verifier, forge.sign(forge.header(), claims), "sub) and client_id name different agents");
  }

  @Test
  void verify_subjectOfOtherTrustDomain_isRejected() {
    var claims = forge.claims();
    claims.put("sub", "spiffe://evil.example/agent/invoice-bot");
    assertRejected(verifier, forge.sign(forge.header(), claims), "not an agent of this trust domain");
  }

  @Test
  void verify_subjectWithPathTraversal_isRejected() {
    var claims = forge.claims();
    claims.put("sub", "spiffe://portcullis.example/agent/../admin");
    claims.put("client_id", "../admin");
    assertRejected(verifier, forge.sign(forge.header(), claims), "not an agent of this trust domain");
  }

  @Test
  void verify_missingTokenId_isRejected() {
    var claims = forge.claims();
    claims.remove("jti");
    assertRejected(verifier, forge.sign(forge.header(), claims), "no valid id (jti)");
  }

  @Test
  void verify_unknownAgent_isRejected() {
    agents.put(InMemoryAgents.agent("payroll-bot", AgentRecord.Status.ACTIVE));
    var claims = forge.claims();
    claims.put("sub", "spiffe://portcullis.example/agent/ghost-bot");
    claims.put("client_id", "ghost-bot");
    assertRejected(verifier, forge.sign(forge.header(), claims), "agent 'ghost-bot' is not registered");
  }

  @Test
  void verify_agentDisabledAfterIssue_isRejectedOnNextCall() {
    String token = forge.valid();
    assertThat(verifier.verify(token).agentId()).isEqualTo(TokenForge.AGENT);

    agents.put(InMemoryAgents.agent(TokenForge.AGENT, AgentRecord.Status.DISABLED));

    assertRejected(verifier, token, "agent 'invoice-bot' is disabled");
  }

  @Test
  void verify_deeplyNestedClaims_isRejected() {
    var claims = forge.claims();
    Object nested = "x";
    for (int i = 0; i < 20; i++) nested = List.of(nested);
    claims.put("deep", nested);
    assertRejected(verifier, forge.sign(forge.header(), claims), "nests deeper than");
  }

  @Test
  void verify_tooManyClaims_isRejected() {
    var claims = forge.claims();
    for (int i = 0; i < 60; i++) claims.put("c" + i, i);
    assertRejected(verifier, forge.sign(forge.header(), claims), "more than 48 members");
  }
}
