package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;
import static dev.portcullis.identity.Rejections.assertTokenError;

import dev.portcullis.core.Credentials;
import dev.portcullis.identity.TokenError.Code;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One agent using what belongs to another: a delegation token stolen from another agent, an act
 * chain edited or spliced from another token, a token used at another resource, a stolen parent
 * narrowed for an agent the parent may not delegate to.
 */
class ConfusedDeputyAttackTest {
  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge invoiceKey = new ProofForge(world.clock);
  private final ProofForge ocrKey = new ProofForge(world.clock);
  private final String invoiceDelegation = world.delegate(world.enrol("invoice-bot", "i1", invoiceKey), invoiceKey);
  private final String ocrInstance = world.enrol("ocr-bot", "o1", ocrKey);

  @Test
  void agentPresentingAnotherAgentsDelegationWithItsOwnProof_isRefused() {
    String token = invoiceDelegation;
    var credentials = new Credentials(token, ocrKey.mcp(token), "POST", IdentityFixture.BANK);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK),
        "DPoP proof key is not the key the token is bound to (cnf.jkt)", token);
  }

  @Test
  void agentPresentingAnotherAgentsInstanceTokenWithItsOwnProof_isRefused() {
    String token = world.enrol("invoice-bot", "i2", invoiceKey);
    var credentials = new Credentials(token, ocrKey.mcp(token), "POST", IdentityFixture.BANK);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), "not the key the token is bound to",
        token);
  }

  @Test
  void actChainEditedUnderTheSignature_isRefused() {
    String forged = TokenForge.edit(invoiceDelegation, claims -> claims.put("act", Map.of(
        "sub", "spiffe://portcullis.example/agent/ocr-bot/i/o1", "client_id", "ocr-bot")));
    var credentials = new Credentials(forged, ocrKey.mcp(forged), "POST", IdentityFixture.BANK);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), "token signature is invalid", forged);
  }

  @Test
  void actChainSplicedFromAnotherToken_isRefused() {
    String other = world.narrow(invoiceDelegation, ocrInstance, ocrKey, IdentityFixture.BANK, null);
    Object otherAct = TokenForge.claimsOf(other).get("act");
    Object otherCnf = TokenForge.claimsOf(other).get("cnf");
    String spliced = TokenForge.edit(invoiceDelegation, claims -> {
      claims.put("act", otherAct);
      claims.put("cnf", otherCnf);
    });
    var credentials = new Credentials(spliced, ocrKey.mcp(spliced), "POST", IdentityFixture.BANK);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), "token signature is invalid", spliced);
  }

  @Test
  void delegationForOneResourceUsedAtAnother_isRefused() {
    String token = invoiceDelegation;
    var credentials = new Credentials(token, invoiceKey.proof("POST", IdentityFixture.PAYROLL, token), "POST",
        IdentityFixture.PAYROLL);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.PAYROLL),
        "delegation token is for another resource (aud)", token);
  }

  @Test
  void proofForOneResourceReplayedAtAnother_isRefused() {
    String token = invoiceDelegation;
    var credentials = new Credentials(token, invoiceKey.proof("POST", IdentityFixture.BANK, token), "POST",
        IdentityFixture.MAIL);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), "another URL (htu)", token);
  }

  @Test
  void stolenParentNarrowedForAnAgentThePartentMayNotDelegateTo_isRefused() {
    ProofForge payrollKey = new ProofForge(world.clock);
    String payroll = world.enrol("payroll-bot", "p1", payrollKey);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.narrowRequest(invoiceDelegation, payroll, payrollKey,
        IdentityFixture.BANK, null)), Code.UNAUTHORIZED_CLIENT,
        "agent 'invoice-bot' may not delegate to agent 'payroll-bot'", invoiceDelegation);
  }

  @Test
  void actorTokenOfAnotherInstanceWithOwnProof_isRefusedAtTheTokenEndpoint() {
    ProofForge thief = new ProofForge(world.clock);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.narrowRequest(invoiceDelegation, ocrInstance, thief,
        IdentityFixture.BANK, null)), Code.INVALID_DPOP_PROOF, "not the key the token is bound to");
  }
}
