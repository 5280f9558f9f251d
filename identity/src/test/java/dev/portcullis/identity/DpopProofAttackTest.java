package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replayed, forged, stolen and misdirected DPoP proofs that {@link DpopVerifier} must refuse. */
class DpopProofAttackTest {
  private static final String TOKEN = "header.payload.signature-of-the-access-token";

  private final TestClock clock = new TestClock();
  private final ProofForge client = new ProofForge(clock);
  private final DpopVerifier verifier = new DpopVerifier(DelegationSettings.defaults(), clock);

  private void assertProofRefused(String proof, String reasonPart) {
    assertRefused(() -> verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN), reasonPart, proof, TOKEN);
  }

  @Test
  void replayedProof_isRefused() {
    String proof = client.mcp(TOKEN);
    verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN);
    assertProofRefused(proof, "DPoP proof has been used before (jti)");
  }

  @Test
  void replayedProof_isRefusedUntilItIsTooOldAnyway() {
    String proof = client.mcp(TOKEN);
    verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN);
    clock.advance(Duration.ofSeconds(60));
    assertProofRefused(proof, "used before");
    clock.advance(Duration.ofSeconds(6));
    assertProofRefused(proof, "too old");
  }

  @Test
  void sameJtiFromAnotherKey_isAProofOfItsOwn() {
    var claims = client.claims("POST", ProofForge.MCP_URL, TOKEN);
    verifier.verify(client.sign(client.header(), claims), "POST", ProofForge.MCP_URL, TOKEN);
    ProofForge other = new ProofForge(clock);
    assertThat(verifier.verify(other.sign(other.header(), claims), "POST", ProofForge.MCP_URL, TOKEN))
        .isEqualTo(other.jkt());
  }

  @Test
  void proofForAnotherToken_isRefused() {
    assertProofRefused(client.mcp("another.access.token-value"), "another access token (ath)");
  }

  @Test
  void proofWithoutAth_isRefusedWhenATokenIsPresented() {
    assertProofRefused(client.proof("POST", ProofForge.MCP_URL, null), "no access token hash (ath)");
  }

  @Test
  void proofTooOld_isRefused() {
    String proof = client.mcp(TOKEN);
    clock.advance(Duration.ofSeconds(61));
    assertProofRefused(proof, "DPoP proof is too old (iat more than PT1M ago)");
  }

  @Test
  void proofFromTheFuture_isRefused() {
    var claims = client.claims("POST", ProofForge.MCP_URL, TOKEN);
    claims.put("iat", TestClock.START.getEpochSecond() + 6);
    assertProofRefused(client.sign(client.header(), claims), "issued in the future (iat)");
  }

  @Test
  void proofWithoutIat_isRefused() {
    var claims = client.claims("POST", ProofForge.MCP_URL, TOKEN);
    claims.remove("iat");
    assertProofRefused(client.sign(client.header(), claims), "no issue time (iat)");
  }

  @Test
  void proofWithTextIat_isRefused() {
    var claims = client.claims("POST", ProofForge.MCP_URL, TOKEN);
    claims.put("iat", "now");
    assertProofRefused(client.sign(client.header(), claims), "claim iat is not a number");
  }

  @Test
  void proofWithoutJti_isRefused() {
    var claims = client.claims("POST", ProofForge.MCP_URL, TOKEN);
    claims.remove("jti");
    assertProofRefused(client.sign(client.header(), claims), "no valid id (jti)");
  }

  @Test
  void proofWithOverlongJti_isRefused() {
    var claims = client.claims("POST", ProofForge.MCP_URL, TOKEN);
    claims.put("jti", "j".repeat(129));
    assertProofRefused(client.sign(client.header(), claims), "no valid id (jti)");
  }

  @Test
  void proofSignedByAnotherKeyThanItsJwk_isRefused() {
    ProofForge thief = new ProofForge(clock);
    var header = thief.header();
    header.put("jwk", client.jwk());
    assertProofRefused(thief.sign(header, thief.claims("POST", ProofForge.MCP_URL, TOKEN)), "signature is invalid");
  }

  @Test
  void proofByAnotherKeyThanTheTokenIsBoundTo_isRefusedAndNotRemembered() {
    ProofForge thief = new ProofForge(clock);
    String proof = thief.mcp(TOKEN);
    assertRefused(() -> verifier.check(proof, "POST", ProofForge.MCP_URL, TOKEN, client.jkt()),
        "not the key the token is bound to (cnf.jkt)", proof);
    assertThat(verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN)).isEqualTo(thief.jkt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"d", "p", "q", "dp", "dq", "qi", "k"})
  void proofWithPrivateKeyMember_isRefused(String member) {
    var header = client.header();
    @SuppressWarnings("unchecked")
    var jwk = (Map<String, Object>) header.get("jwk");
    jwk.put(member, member.equals("d") ? client.key.getD().toString() : "AQAB");
    String proof = client.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN));
    assertProofRefused(proof, "must not carry private key members");
    if (member.equals("d")) Rejections.assertQuotesNothingOf(reason(proof), client.key.getD().toString());
  }

  @Test
  void proofWithUnexpectedKeyMember_isRefused() {
    var header = client.header();
    @SuppressWarnings("unchecked")
    var jwk = (Map<String, Object>) header.get("jwk");
    jwk.put("x5u", "https://evil.example.com/cert.pem");
    assertProofRefused(client.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN)), "unexpected member");
  }

  @Test
  void proofWithoutJwk_isRefused() {
    var header = client.header();
    header.remove("jwk");
    assertProofRefused(client.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN)), "no public key (jwk)");
  }

  @Test
  void proofWithEcKeyUnderEdDsa_isRefused() {
    var header = client.header();
    header.put("alg", "EdDSA");
    assertProofRefused(client.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN)),
        "must be an OKP Ed25519 key for EdDSA");
  }

  @Test
  void proofWithEd25519KeyUnderEs256_isRefused() {
    ProofForge ed = ProofForge.ed25519(clock);
    var header = ed.header();
    header.put("alg", "ES256");
    assertProofRefused(ed.sign(header, ed.claims("POST", ProofForge.MCP_URL, TOKEN)),
        "must be an EC P-256 key for ES256");
  }

  @Test
  void proofWithKeyOffTheCurve_isRefused() {
    var header = client.header();
    @SuppressWarnings("unchecked")
    var jwk = (Map<String, Object>) header.get("jwk");
    jwk.put("y", Base64URL.encode(new byte[32]).toString());
    assertProofRefused(client.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN)),
        "not a valid EC P-256 public key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE"})
  void unsignedProof_isRefused(String alg) {
    var header = client.header();
    header.put("alg", alg);
    String proof = TokenForge.encode(header) + "." + TokenForge.encode(client.claims("POST", ProofForge.MCP_URL, TOKEN)) + ".";
    assertProofRefused(proof, "unsigned DPoP proofs (alg none) are not accepted");
  }

  @Test
  void strippedSignature_isRefused() {
    String proof = client.mcp(TOKEN);
    String stripped = proof.substring(0, proof.lastIndexOf('.') + 1);
    assertProofRefused(stripped, "not an ES256 signature");
  }

  @Test
  void hs256SignedWithThePublicKey_isRefused() throws Exception {
    var header = client.header();
    header.put("alg", "HS256");
    byte[] secret = client.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    String proof = TokenForge.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN), new MACSigner(secret),
        JWSAlgorithm.HS256);
    assertProofRefused(proof, "algorithm must be ES256 or EdDSA");
  }

  @Test
  void rs256_isRefused() throws Exception {
    var header = client.header();
    var rsa = new RSAKeyGenerator(2048).generate();
    header.put("alg", "RS256");
    header.put("jwk", rsa.toPublicJWK().toJSONObject());
    String proof = TokenForge.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN), new RSASSASigner(rsa),
        JWSAlgorithm.RS256);
    assertProofRefused(proof, "algorithm must be ES256 or EdDSA");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "at+jwt", "dlg+jwt", "DPOP+JWT", "application/dpop+jwt"})
  void proofOfAnotherType_isRefused(String typ) {
    var header = client.header();
    header.put("typ", typ);
    assertProofRefused(client.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN)),
        "DPoP proof type (typ) must be dpop+jwt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jku", "x5u", "x5c", "kid", "crit"})
  void proofPointingAtAnotherKey_isRefused(String parameter) {
    var header = client.header();
    header.put(parameter, parameter.equals("x5c") || parameter.equals("crit") ? List.of("x") : "https://evil.example.com/k");
    assertProofRefused(client.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN)),
        "DPoP proof header must not carry '" + parameter + "'");
  }

  @Test
  void proofWithUnknownHeaderParameter_isRefused() {
    var header = client.header();
    header.put("nonce", "n");
    assertProofRefused(client.sign(header, client.claims("POST", ProofForge.MCP_URL, TOKEN)),
        "parameter other than typ, alg and jwk");
  }

  @Test
  void zeroSignature_isRefusedBeforeCryptography() {
    String proof = client.mcp(TOKEN);
    String zero = proof.substring(0, proof.lastIndexOf('.') + 1) + Base64URL.encode(new byte[64]);
    assertProofRefused(zero, "DPoP proof signature is invalid");
  }

  @Test
  void signatureWithZeroHalf_isRefused() {
    String proof = client.mcp(TOKEN);
    byte[] signature = new Base64URL(proof.substring(proof.lastIndexOf('.') + 1)).decode();
    java.util.Arrays.fill(signature, 32, 64, (byte) 0);
    assertProofRefused(proof.substring(0, proof.lastIndexOf('.') + 1) + Base64URL.encode(signature),
        "DPoP proof signature is invalid");
  }

  @Test
  void shortSignature_isRefused() {
    String proof = client.mcp(TOKEN);
    assertProofRefused(proof.substring(0, proof.lastIndexOf('.') + 1) + Base64URL.encode(new byte[63]),
        "not an ES256 signature");
  }

  @Test
  void claimsEditedUnderTheSignature_areRefused() {
    String proof = client.proof("GET", ProofForge.MCP_URL, TOKEN);
    String[] parts = proof.split("\\.");
    String edited = parts[0] + "." + TokenForge.encode(client.claims("POST", ProofForge.MCP_URL, TOKEN)) + "." + parts[2];
    assertProofRefused(edited, "DPoP proof signature is invalid");
  }

  @Test
  void oversizedProof_isRefused() {
    var claims = client.claims("POST", ProofForge.MCP_URL, TOKEN);
    claims.put("padding", "a".repeat(4_000));
    assertProofRefused(client.sign(client.header(), claims), "DPoP proof exceeds 4096 characters");
  }

  @Test
  void missingProof_isRefused() {
    assertRefused(() -> verifier.verify(null, "POST", ProofForge.MCP_URL, TOKEN), "missing DPoP proof");
    assertRefused(() -> verifier.verify("", "POST", ProofForge.MCP_URL, TOKEN), "missing DPoP proof");
  }

  @Test
  void garbageProof_isRefusedWithoutQuotingIt() {
    assertProofRefused("not-a-proof-marker", "not a compact JWS");
  }

  private String reason(String proof) {
    try {
      verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN);
      return "";
    } catch (dev.portcullis.core.GatewayException e) {
      return e.getMessage();
    }
  }
}
