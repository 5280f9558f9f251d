package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.state.AgentRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Forged, malformed and confused tokens that {@link AgentTokenVerifier} must refuse. */
class AgentTokenVerifierAttackTest {
  private final TokenForge forge = new TokenForge();
  private final TestClock clock = new TestClock();
  private final InMemoryAgents agents = new InMemoryAgents();
  private final AgentTokenVerifier verifier = new AgentTokenVerifier(TokenForge.SETTINGS, forge.keys, agents, clock);

  @BeforeEach
  void registerAgent() {
    agents.put(InMemoryAgents.agent(TokenForge.AGENT, AgentRecord.Status.ACTIVE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "NONE", "None"})
  void verify_unsignedToken_isRejected(String alg) {
    var header = forge.header();
    header.put("alg", alg);
    String token = TokenForge.encode(header) + "." + TokenForge.encode(forge.claims()) + ".";
    assertRejected(verifier, token, "unsigned tokens (alg none) are not accepted");
  }

  @Test
  void verify_unsignedTokenCarryingOurSignature_isRejected() {
    String[] valid = forge.valid().split("\\.");
    var header = forge.header();
    header.put("alg", "none");
    String token = TokenForge.encode(header) + "." + valid[1] + "." + valid[2];
    assertRejected(verifier, token, "alg none");
  }

  @Test
  void verify_hs256SignedWithPublicKeyBytes_isRejected() throws JOSEException {
    var header = forge.header();
    header.put("alg", "HS256");
    byte[] publicKeyBytes = forge.key.toECPublicKey().getEncoded();
    String token = TokenForge.sign(header, forge.claims(), new MACSigner(publicKeyBytes), JWSAlgorithm.HS256);
    assertRejected(verifier, token, "algorithm must be ES256");
  }

  @Test
  void verify_hs256SignedWithPublicJwkText_isRejected() throws JOSEException {
    var header = forge.header();
    header.put("alg", "HS256");
    byte[] secret = forge.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    String token = TokenForge.sign(header, forge.claims(), new MACSigner(secret), JWSAlgorithm.HS256);
    assertRejected(verifier, token, "algorithm must be ES256");
  }

  @Test
  void verify_rs256_isRejected() throws JOSEException {
    var header = forge.header();
    header.put("alg", "RS256");
    var rsa = new RSAKeyGenerator(2048).generate();
    String token = TokenForge.sign(header, forge.claims(), new RSASSASigner(rsa), JWSAlgorithm.RS256);
    assertRejected(verifier, token, "algorithm must be ES256");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PS256", "ES384", "ES256K", "EdDSA", "es256", "ES256 "})
  void verify_otherAlgorithm_isRejected(String alg) {
    var header = forge.header();
    header.put("alg", alg);
    assertRejected(verifier, forge.sign(header, forge.claims()), "algorithm must be ES256");
  }

  @Test
  void verify_missingType_isRejected() {
    var header = forge.header();
    header.remove("typ");
    assertRejected(verifier, forge.sign(header, forge.claims()), "type (typ) must be at+jwt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "id_token+jwt", "dpop+jwt", "AT+JWT", "application/at+jwt"})
  void verify_otherType_isRejected(String typ) {
    var header = forge.header();
    header.put("typ", typ);
    assertRejected(verifier, forge.sign(header, forge.claims()), "type (typ) must be at+jwt");
  }

  @Test
  void verify_embeddedJwkOfAttackerKey_isRejected() {
    ECKey attacker = TokenForge.newEcKey();
    var header = forge.header();
    header.put("jwk", attacker.toPublicJWK().toJSONObject());
    String token = signWith(attacker, header);
    assertRejected(verifier, token, "must not carry 'jwk'");
  }

  @Test
  void verify_jkuHeader_isRejected() {
    var header = forge.header();
    header.put("jku", "https://evil.example.com/jwks.json");
    assertRejected(verifier, forge.sign(header, forge.claims()), "must not carry 'jku'");
  }

  @Test
  void verify_x5uHeader_isRejected() {
    var header = forge.header();
    header.put("x5u", "https://evil.example.com/cert.pem");
    assertRejected(verifier, forge.sign(header, forge.claims()), "must not carry 'x5u'");
  }

  @Test
  void verify_x5cHeader_isRejected() {
    var header = forge.header();
    header.put("x5c", List.of("MIIBszCCAVmgAwIBAgIU"));
    assertRejected(verifier, forge.sign(header, forge.claims()), "must not carry 'x5c'");
  }

  @Test
  void verify_critHeader_isRejected() {
    var header = forge.header();
    header.put("crit", List.of("exp-ext"));
    header.put("exp-ext", true);
    assertRejected(verifier, forge.sign(header, forge.claims()), "must not carry 'crit'");
  }

  @Test
  void verify_unexpectedHeaderParameter_isRejected() {
    var header = forge.header();
    header.put("b64", false);
    assertRejected(verifier, forge.sign(header, forge.claims()), "parameter other than alg, typ and kid");
  }

  @Test
  void verify_unknownKeyId_isRejected() {
    var header = forge.header();
    header.put("kid", "some-other-key");
    assertRejected(verifier, forge.sign(header, forge.claims()), "key id is not one of this gateway's keys");
  }

  @Test
  void verify_keyIdWithPathTraversal_isRejected() {
    var header = forge.header();
    header.put("kid", "../../x");
    assertRejected(verifier, forge.sign(header, forge.claims()), "key id is not one of this gateway's keys");
  }

  @Test
  void verify_missingKeyId_isRejected() {
    var header = forge.header();
    header.remove("kid");
    assertRejected(verifier, forge.sign(header, forge.claims()), "no key id (kid)");
  }

  @Test
  void verify_payloadEditedUnderOriginalSignature_isRejected() {
    String[] valid = forge.valid().split("\\.");
    var claims = forge.claims();
    claims.put("exp", TestClock.START.getEpochSecond() + 600);
    String token = valid[0] + "." + TokenForge.encode(claims) + "." + valid[2];
    assertRejected(verifier, token, "signature is invalid");
  }

  @Test
  void verify_zeroEcdsaSignature_isRejected() {
    String token = TokenForge.withSignature(forge.header(), forge.claims(), new byte[64]);
    assertRejected(verifier, token, "signature is invalid");
  }

  @Test
  void ecdsaVerifier_zeroSignature_isRejected() throws JOSEException {
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify, whatever the JDK.
    var verifier = new ECDSAVerifier(forge.key.toPublicJWK());
    byte[] input = "any.thing".getBytes(StandardCharsets.US_ASCII);
    assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.ES256), input, Base64URL.encode(new byte[64]))).isFalse();
  }

  @Test
  void verify_signatureOfWrongLength_isRejected() {
    String token = TokenForge.withSignature(forge.header(), forge.claims(), new byte[72]);
    assertRejected(verifier, token, "not an ES256 signature");
  }

  @Test
  void verify_signedByAnotherKeyWithOurKeyId_isRejected() {
    assertRejected(verifier, signWith(TokenForge.newEcKey(), forge.header()), "signature is invalid");
  }

  @Test
  void verify_oversizedToken_isRejected() {
    var claims = forge.claims();
    claims.put("padding", "a".repeat(9_000));
    assertRejected(verifier, forge.sign(forge.header(), claims), "exceeds 8192 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "a.b", "a.b.c.d", "..", "eyJhbGciOiJFUzI1NiJ9.e30", "not base64!.e30.AAAA"})
  void verify_malformedToken_isRejected(String token) {
    GatewayException thrown = (GatewayException) catchThrowable(() -> verifier.verify(token));
    assertThat(thrown).isNotNull();
    assertThat(thrown.getMessage()).startsWith("token").doesNotContain(token);
  }

  @Test
  void verify_headerNotJson_isRejected() {
    String token = Base64URL.encode("not json") + "." + TokenForge.encode(forge.claims()) + ".AAAA";
    assertRejected(verifier, token, "header is not a JSON object");
  }

  @Test
  void verify_duplicateHeaderMember_isRejected() {
    String header = Base64URL.encode("{\"alg\":\"none\",\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\""
        + forge.keys.currentKeyId() + "\"}").toString();
    String valid = forge.valid();
    String token = header + valid.substring(valid.indexOf('.'));
    assertRejected(verifier, token, "header is not a JSON object");
  }

  @Test
  void verify_emptyToken_isRejected() {
    assertRejected(verifier, "", "missing bearer token");
    assertRejected(verifier, null, "missing bearer token");
  }

  @Test
  void verify_everyRejection_quotesNothingOfTheToken() {
    var tokens = new ArrayList<String>();
    var header = forge.header();
    header.put("alg", "HS256");
    tokens.add(forge.sign(header, forge.claims()));
    header = forge.header();
    header.put("kid", "../../etc/passwd-marker");
    tokens.add(forge.sign(header, forge.claims()));
    var claims = forge.claims();
    claims.put("aud", "https://aud-marker.example.com");
    tokens.add(forge.sign(forge.header(), claims));
    claims = forge.claims();
    claims.put("iss", "https://iss-marker.example.com");
    tokens.add(forge.sign(forge.header(), claims));
    tokens.add(TokenForge.withSignature(forge.header(), forge.claims(), new byte[64]));
    tokens.add(forge.valid().replace('.', '!'));

    for (String token : tokens) {
      Throwable thrown = catchThrowable(() -> verifier.verify(token));
      assertThat(thrown).isInstanceOf(GatewayException.class);
      Rejections.assertQuotesNothingOf(thrown.getMessage(), token);
      assertThat(thrown.getMessage()).doesNotContain("marker");
    }
  }

  private String signWith(ECKey key, Map<String, Object> header) {
    try {
      return TokenForge.sign(header, forge.claims(), new ECDSASigner(key), JWSAlgorithm.ES256);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
