package dev.portcullis.identity.txn;

import static dev.portcullis.identity.txn.TxnFixtures.AUDIENCE;
import static dev.portcullis.identity.txn.TxnFixtures.INSTANCE;
import static dev.portcullis.identity.txn.TxnFixtures.NOW;
import static dev.portcullis.identity.txn.TxnFixtures.PARENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.identity.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transaction tokens as a backend checks them with {@link TxnTokenVerifier}. */
class TxnTokenVerifierTest {
  private final TxnFixtures fixtures = new TxnFixtures();
  private final TxnTokenVerifier verifier = fixtures.verifier(NOW.plusSeconds(10));

  @Test
  void verify_issuedToken_yieldsItsClaims() {
    TxnToken token = verifier.verify(fixtures.token(TxnFixtures.forAlice()));

    assertThat(token.issuer()).isEqualTo("https://gw.example.com");
    assertThat(token.subject()).isEqualTo("https://idp.example.com#alice");
    assertThat(token.audience()).isEqualTo(AUDIENCE);
    assertThat(token.txn()).isEqualTo("txn-4711");
    assertThat(token.scope()).isEqualTo("payments.pay_invoice");
    assertThat(token.workload()).isEqualTo("spiffe://portcullis.example/gateway");
    assertThat(token.issuedAt()).isEqualTo(NOW);
    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(token.transactionContext()).containsEntry("argsDigest", "sha256:ab");
    assertThat(token.requestContext()).containsEntry("authn", "dpop").containsEntry("req_ip", "10.0.0.7");
    assertThat(token.actors()).containsExactly(INSTANCE, PARENT);
  }

  @Test
  void verify_tokenSignedWithARetiredKey_passesWhileTheJwksListsIt() throws JOSEException {
    ECKey old = new ECKeyGenerator(Curve.P_256).generate();
    var oldIssuer = new TxnTokenIssuer(TxnFixtures.ISSUER, TxnFixtures.WORKLOAD, SigningKeys.of(old, List.of()),
        InstantSource.fixed(NOW));
    String token = oldIssuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b", Map.of(), Map.of());
    SigningKeys rotated = fixtures.keys.withRetired(List.of(old));

    var trusting = new TxnTokenVerifier(rotated.publicJwks(), AUDIENCE, InstantSource.fixed(NOW));
    assertThat(trusting.verify(token).subject()).isEqualTo(INSTANCE);
    assertRefused(new TxnFixtures().verifier(NOW), token, "key id is not one of the trusted keys");
  }

  @Test
  void verify_expiredToken_isRefused() {
    String token = fixtures.token(TxnFixtures.alone());

    assertRefused(fixtures.verifier(NOW.plusSeconds(60)), token, "transaction token has expired");
    assertThat(fixtures.verifier(NOW.plusSeconds(59)).verify(token).subject()).isEqualTo(INSTANCE);
  }

  @Test
  void verify_tokenFromTheFuture_isRefused() {
    String token = fixtures.token(TxnFixtures.alone());

    assertRefused(fixtures.verifier(NOW.minusSeconds(31)), token, "issued in the future");
  }

  @Test
  void verify_wrongType_isRefused() throws Exception {
    assertRefused(verifier, sign("at+jwt", claims().build()), "type (typ) must be txntoken+jwt");
    assertRefused(verifier, sign(null, claims().build()), "type (typ) must be txntoken+jwt");
  }

  @Test
  void verify_validTokenOfTheForgedShape_passes() throws Exception {
    // Guards the tests below: what they change is the only reason they are refused.
    assertThat(verifier.verify(sign("txntoken+jwt", claims().build())).txn()).isEqualTo("txn-1");
  }

  @Test
  void verify_otherAudience_isRefused() throws Exception {
    assertRefused(verifier, sign("txntoken+jwt", claims().audience("other.example").build()),
        "audience (aud) is not this backend");
    assertRefused(verifier, sign("txntoken+jwt", claims().audience(List.of(AUDIENCE, "other.example")).build()),
        "audience (aud) is not this backend");
  }

  @Test
  void verify_lifetimeOverFiveMinutes_isRefused() throws Exception {
    var longLived = claims().expirationTime(Date.from(NOW.plusSeconds(301))).build();

    assertRefused(verifier, sign("txntoken+jwt", longLived), "lifetime is not between");
  }

  @Test
  void verify_missingTxnOrSubject_isRefused() throws Exception {
    assertRefused(verifier, sign("txntoken+jwt", claims().claim("txn", null).build()), "claim txn is missing");
    assertRefused(verifier, sign("txntoken+jwt", claims().subject(null).build()), "claim sub is missing");
  }

  @Test
  void verify_unsignedToken_isRefused() {
    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"txntoken+jwt\"}").toString();
    String payload = Base64URL.encode(claims().build().toString()).toString();

    assertRefused(verifier, header + "." + payload + ".", "algorithm must be ES256");
    assertRefused(verifier, header + "." + payload + "." + "A".repeat(86), "algorithm must be ES256");
  }

  @Test
  void verify_headerNamingItsOwnKey_isRefused() throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(fixtures.keys.currentKeyId()).generate();
    var header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("txntoken+jwt"))
        .keyID(fixtures.keys.currentKeyId()).jwk(attacker.toPublicJWK()).build();
    var jwt = new SignedJWT(header, claims().build());
    jwt.sign(new ECDSASigner(attacker));

    assertRefused(verifier, jwt.serialize(), "header carries a parameter other than alg, typ and kid");
  }

  @Test
  void verify_signatureByAnotherKeyUnderOurKid_isRefused() throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
    var header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("txntoken+jwt"))
        .keyID(fixtures.keys.currentKeyId()).build();
    var jwt = new SignedJWT(header, claims().build());
    jwt.sign(new ECDSASigner(attacker));

    assertRefused(verifier, jwt.serialize(), "signature is invalid");
  }

  @Test
  void verify_tamperedClaims_areRefused() {
    String token = fixtures.token(TxnFixtures.alone());
    String[] parts = token.split("\\.");
    String forged = Base64URL.encode(new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
        .replace("payments.pay_invoice", "payments.refund_all")).toString();

    assertRefused(verifier, parts[0] + "." + forged + "." + parts[2], "signature is invalid");
  }

  @Test
  void verify_malformedTokens_areRefusedQuotingNothing() {
    for (String junk : List.of("", "a.b", "a.b.c.d", "!!!.b.c", "x".repeat(8193))) {
      assertThatThrownBy(() -> verifier.verify(junk)).isInstanceOf(GatewayException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("!!!").doesNotContain("xxxx"));
    }
    assertRefused(verifier, null, "missing transaction token");
  }

  @Test
  void construct_jwksWithoutUsableKey_isRefused() {
    assertThatThrownBy(() -> new TxnTokenVerifier(Map.of("keys", List.of()), AUDIENCE, InstantSource.fixed(NOW)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no EC P-256 key");
    assertThatThrownBy(() -> new TxnTokenVerifier(Map.of("keys", "nope"), AUDIENCE, InstantSource.fixed(NOW)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the JWK set cannot be read");
  }

  /** Claims of a valid token at {@link TxnFixtures#NOW}. */
  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer("https://gw.example.com")
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(60)))
        .audience(AUDIENCE)
        .subject(INSTANCE)
        .claim("txn", "txn-1")
        .claim("scope", "a.b");
  }

  /** The claims signed with the fixture's current key under {@code typ} (none when {@code null}). */
  private String sign(String typ, JWTClaimsSet claims) throws JOSEException {
    var header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(fixtures.keys.currentKeyId());
    if (typ != null) header.type(new JOSEObjectType(typ));
    var jwt = new SignedJWT(header.build(), claims);
    jwt.sign(fixtures.keys.signer());
    return jwt.serialize();
  }

  private static void assertRefused(TxnTokenVerifier verifier, String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(GatewayException.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((GatewayException) e).error()).isInstanceOf(GatewayError.Unauthenticated.class));
  }
}
