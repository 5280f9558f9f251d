package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;
import static dev.portcullis.identity.Rejections.assertTokenError;

import dev.portcullis.core.Credentials;
import dev.portcullis.identity.TokenError.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One kind of token passed off as another: an ID token, a transaction token, an access token for a
 * delegation token and back, a proof for a token — at the MCP endpoint and at the token endpoint.
 */
class TokenTypeConfusionAttackTest {
  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);
  private final String instance = world.enrol("invoice-bot", "i1", key);
  private final String delegation = world.delegate(instance, key);

  private void assertCallRefused(String token, String reasonPart) {
    var credentials = new Credentials(token, key.mcp(token), "POST", IdentityFixture.BANK);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), reasonPart, token);
  }

  private String retyped(String token, String typ) {
    var header = TokenForge.headerOf(token);
    header.put("typ", typ);
    return world.forge.sign(header, TokenForge.claimsOf(token));
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "txn+jwt", "id_token+jwt", "dpop+jwt", "DLG+JWT", "application/dlg+jwt"})
  void delegationClaimsUnderAnotherType_areRefused(String typ) {
    assertCallRefused(retyped(delegation, typ), "token type (typ) must be at+jwt or dlg+jwt");
  }

  @Test
  void delegationClaimsUnderAccessTokenType_areReadAsAnAccessTokenAndRefused() {
    assertCallRefused(retyped(delegation, "at+jwt"), "audience (aud) is not this gateway");
  }

  @Test
  void instanceClaimsUnderDelegationType_areReadAsADelegationAndRefused() {
    assertCallRefused(retyped(instance, "dlg+jwt"), "delegation lifetime exceeds");
  }

  @Test
  void tokenWithoutType_isRefused() {
    var header = TokenForge.headerOf(delegation);
    header.remove("typ");
    assertCallRefused(world.forge.sign(header, TokenForge.claimsOf(delegation)), "token type (typ) must be");
  }

  @Test
  void dpopProofAsAccessToken_isRefused() {
    assertCallRefused(key.mcp(instance), "token type (typ) must be at+jwt or dlg+jwt");
  }

  @Test
  void delegationTokenAsEnrolmentCredential_isRefused() {
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.enrolRequest(delegation, "i2", key.tokenRequest())),
        Code.INVALID_GRANT, "subject_token refused: token type (typ) must be at+jwt", delegation);
  }

  @Test
  void delegationTokenAsActorToken_isRefused() {
    ProofForge ocrKey = new ProofForge(world.clock);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.narrowRequest(delegation, delegation, ocrKey,
        IdentityFixture.BANK, null)), Code.INVALID_CLIENT, "actor_token refused: token type (typ) must be at+jwt",
        delegation);
  }

  @Test
  void instanceTokenAsTheUsersToken_isRefusedByTheIdentityProvider() {
    ProofForge ocrKey = new ProofForge(world.clock);
    String ocr = world.enrol("ocr-bot", "o1", ocrKey);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.narrowRequest(instance, ocr, ocrKey,
        IdentityFixture.BANK, IdentityFixture.DETAILS)), Code.INVALID_GRANT, "subject_token refused", instance);
  }

  @Test
  void transactionTokenAsParentDelegation_isRefused() {
    ProofForge ocrKey = new ProofForge(world.clock);
    String ocr = world.enrol("ocr-bot", "o1", ocrKey);
    String txnToken = retyped(delegation, "txn+jwt");
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.narrowRequest(txnToken, ocr, ocrKey,
        IdentityFixture.BANK, null)), Code.INVALID_GRANT, "subject_token refused", txnToken);
  }
}
