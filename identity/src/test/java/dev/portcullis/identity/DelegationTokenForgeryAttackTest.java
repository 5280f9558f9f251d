package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import dev.portcullis.core.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delegation tokens forged in their header or signature, presented at the MCP endpoint with a
 * valid proof by the key they claim to be bound to. Every one must be refused before its claims
 * are believed.
 */
class DelegationTokenForgeryAttackTest {
  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);
  private final String valid = world.delegate(world.enrol("invoice-bot", "i1", key), key);

  private void assertCallRefused(String token, String reasonPart) {
    var credentials = new Credentials(token, key.mcp(token), "POST", IdentityFixture.BANK);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), reasonPart, token, valid);
  }

  private String withHeader(Map<String, Object> header) {
    return world.forge.sign(header, TokenForge.claimsOf(valid));
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE"})
  void unsignedToken_isRefused(String alg) {
    var header = TokenForge.headerOf(valid);
    header.put("alg", alg);
    assertCallRefused(TokenForge.encode(header) + "." + valid.split("\\.")[1] + ".", "alg none");
  }

  @Test
  void strippedSignature_isRefused() {
    assertCallRefused(valid.substring(0, valid.lastIndexOf('.') + 1), "not an ES256 signature");
  }

  @Test
  void hs256SignedWithThePublicKey_isRefused() throws Exception {
    var header = TokenForge.headerOf(valid);
    header.put("alg", "HS256");
    byte[] secret = world.forge.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    String token = TokenForge.sign(header, TokenForge.claimsOf(valid), new MACSigner(secret), JWSAlgorithm.HS256);
    assertCallRefused(token, "algorithm must be ES256");
  }

  @Test
  void embeddedJwkOfTheAttacker_isRefused() throws Exception {
    ECKey attacker = TokenForge.newEcKey();
    var header = TokenForge.headerOf(valid);
    header.put("jwk", attacker.toPublicJWK().toJSONObject());
    String token = TokenForge.sign(header, TokenForge.claimsOf(valid), new ECDSASigner(attacker), JWSAlgorithm.ES256);
    assertCallRefused(token, "must not carry 'jwk'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jku", "x5u"})
  void keyUrlInHeader_isRefused(String parameter) {
    var header = TokenForge.headerOf(valid);
    header.put(parameter, "https://evil.example.com/keys");
    assertCallRefused(withHeader(header), "must not carry '" + parameter + "'");
  }

  @Test
  void unknownCrit_isRefused() {
    var header = TokenForge.headerOf(valid);
    header.put("crit", List.of("urn:evil:ext"));
    header.put("urn:evil:ext", true);
    assertCallRefused(withHeader(header), "must not carry 'crit'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unknown-key", "../../../../etc/passwd", "..%2F..%2Fkeys", "file:///dev/null"})
  void unknownOrTraversingKeyId_isRefused(String kid) {
    var header = TokenForge.headerOf(valid);
    header.put("kid", kid);
    assertCallRefused(withHeader(header), "key id is not one of this gateway's keys");
  }

  @Test
  void zeroEcdsaSignature_isRefused() {
    assertCallRefused(TokenForge.withSignature(TokenForge.headerOf(valid), TokenForge.claimsOf(valid), new byte[64]),
        "signature is invalid");
  }

  @Test
  void payloadEditedUnderTheOriginalSignature_isRefused() {
    assertCallRefused(TokenForge.edit(valid, claims -> claims.put("sub", "mallory")), "signature is invalid");
  }

  @Test
  void signedByAnotherKeyUnderOurKeyId_isRefused() throws Exception {
    String token = TokenForge.sign(TokenForge.headerOf(valid), TokenForge.claimsOf(valid),
        new ECDSASigner(TokenForge.newEcKey()), JWSAlgorithm.ES256);
    assertCallRefused(token, "signature is invalid");
  }
}
