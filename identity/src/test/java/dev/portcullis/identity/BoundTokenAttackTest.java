package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.Credentials;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Key-bound tokens used without their proof, with a proof made for something else, or replayed;
 * and unbound agent credentials where bearer tokens are not accepted.
 */
class BoundTokenAttackTest {
  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);
  private final String instance = world.enrol("invoice-bot", "i1", key);
  private final String delegation = world.delegate(instance, key);

  private void assertRefusedWith(String token, String proof, String reasonPart) {
    var credentials = new Credentials(token, proof, "POST", IdentityFixture.BANK);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), reasonPart, token,
        proof == null ? "" : proof);
  }

  @Test
  void instanceTokenWithoutProof_isRefused() {
    assertRefusedWith(instance, null, "token is bound to a key (cnf.jkt); a DPoP proof is required");
  }

  @Test
  void delegationTokenWithoutProof_isRefused() {
    assertRefusedWith(delegation, null, "a DPoP proof is required");
  }

  @Test
  void proofForAnotherToken_isRefused() {
    assertRefusedWith(delegation, key.mcp(instance), "DPoP proof is for another access token (ath)");
  }

  @Test
  void proofWithoutAth_isRefused() {
    assertRefusedWith(delegation, key.proof("POST", IdentityFixture.BANK, null), "no access token hash (ath)");
  }

  @Test
  void proofForAnotherMethod_isRefused() {
    assertRefusedWith(delegation, key.proof("GET", IdentityFixture.BANK, delegation), "another HTTP method (htm)");
  }

  @Test
  void replayedProof_isRefusedOnTheSecondCall() {
    String proof = key.mcp(delegation);
    var credentials = new Credentials(delegation, proof, "POST", IdentityFixture.BANK);
    assertThat(world.callers.verify(credentials, IdentityFixture.BANK).agentId()).isEqualTo("invoice-bot");
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), "DPoP proof has been used before");
  }

  @Test
  void staleProof_isRefused() {
    String proof = key.mcp(delegation);
    world.clock.advance(Duration.ofSeconds(61));
    assertRefusedWith(delegation, proof, "DPoP proof is too old");
  }

  @Test
  void unboundAgentCredential_isRefusedByDefault() {
    assertRefusedWith(world.credential("invoice-bot"), null, "agent credentials are not accepted as bearer tokens");
  }

  @Test
  void unboundAgentCredential_isAcceptedWhenConfigured() {
    var lenient = new IdentityFixture(DelegationSettings.defaults().withBearerAgentTokens(true));
    String credential = lenient.credential("invoice-bot");
    var principal = lenient.callers.verify(new Credentials(credential, null, "POST", IdentityFixture.BANK),
        IdentityFixture.BANK);
    assertThat(principal.subject()).isEqualTo("spiffe://portcullis.example/agent/invoice-bot");
    assertThat(principal.attributes()).doesNotContainKey("instance");
  }

  @Test
  void instanceTokenAtTheBearerOnlyVerifier_isRefused() {
    var bearerOnly = new AgentTokenVerifier(TokenForge.SETTINGS, world.forge.keys, world.agents, world.clock);
    assertRefused(() -> bearerOnly.verify(instance), "a DPoP proof is required", instance);
  }

  @Test
  void instanceSubjectWithoutBinding_isRefused() {
    String unbound = world.forge.resign(instance, claims -> claims.remove("cnf"));
    assertRefusedWith(unbound, key.mcp(unbound), "key binding (cnf) does not match its subject");
  }

  @Test
  void agentSubjectWithBinding_isRefused() {
    String bound = world.forge.resign(world.credential("invoice-bot"), claims -> claims.put("cnf",
        java.util.Map.of("jkt", key.jkt())));
    assertRefusedWith(bound, key.mcp(bound), "key binding (cnf) does not match its subject");
  }

  @Test
  void missingBearer_isRefused() {
    assertRefusedWith(null, key.mcp(delegation), "missing bearer token");
  }
}
