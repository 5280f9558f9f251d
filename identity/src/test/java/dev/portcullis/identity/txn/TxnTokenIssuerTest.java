package dev.portcullis.identity.txn;

import static dev.portcullis.identity.txn.TxnFixtures.AUDIENCE;
import static dev.portcullis.identity.txn.TxnFixtures.INSTANCE;
import static dev.portcullis.identity.txn.TxnFixtures.NOW;
import static dev.portcullis.identity.txn.TxnFixtures.PARENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.identity.SigningKeys;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens issued by {@link TxnTokenIssuer}. */
class TxnTokenIssuerTest {
  private final TxnFixtures fixtures = new TxnFixtures();

  @Test
  void issue_signsWithCurrentKey_underTxnTokenType() throws Exception {
    SignedJWT jwt = SignedJWT.parse(fixtures.token(TxnFixtures.alone()));

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("txntoken+jwt");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(fixtures.keys.currentKeyId());
    assertThat(jwt.getHeader().toJSONObject()).containsOnlyKeys("alg", "typ", "kid");
  }

  @Test
  void issue_verifiesAgainstThePublishedJwks() throws Exception {
    SignedJWT jwt = SignedJWT.parse(fixtures.token(TxnFixtures.forAlice()));
    ECKey published = (ECKey) JWKSet.parse(fixtures.keys.publicJwks()).getKeyByKeyId(jwt.getHeader().getKeyID());

    assertThat(published.isPrivate()).isFalse();
    assertThat(jwt.verify(new ECDSAVerifier(published))).isTrue();
  }

  @Test
  void issue_underDelegation_namesTheUserTxnAndChain() throws Exception {
    Map<String, Object> claims = SignedJWT.parse(fixtures.token(TxnFixtures.forAlice())).getPayload().toJSONObject();

    assertThat(claims).containsEntry("iss", "https://gw.example.com")
        .containsEntry("sub", "https://idp.example.com#alice")
        .containsEntry("txn", "txn-4711")
        .containsEntry("aud", AUDIENCE)
        .containsEntry("scope", "payments.pay_invoice")
        .containsEntry("req_wl", "spiffe://portcullis.example/gateway")
        .containsEntry("iat", NOW.getEpochSecond())
        .containsEntry("exp", NOW.getEpochSecond() + 60)
        .containsOnlyKeys("iss", "sub", "txn", "aud", "scope", "req_wl", "iat", "exp", "tctx", "rctx");
    assertThat(claims.get("tctx")).isEqualTo(Map.of("tool", "payments.pay_invoice", "argsDigest", "sha256:ab"));
    assertThat(claims.get("rctx")).isEqualTo(Map.of("req_ip", "10.0.0.7", "actors", List.of(INSTANCE, PARENT),
        "authn", "dpop"));
  }

  @Test
  void issue_withoutDelegation_namesTheInstanceAndAFreshTxn() throws Exception {
    var txns = new HashSet<Object>();
    for (int i = 0; i < 20; i++) {
      Map<String, Object> claims = SignedJWT.parse(fixtures.token(TxnFixtures.alone())).getPayload().toJSONObject();
      assertThat(claims).containsEntry("sub", INSTANCE);
      assertThat(claims.get("rctx")).isEqualTo(Map.of("req_ip", "10.0.0.7", "actors", List.of(INSTANCE),
          "authn", "dpop"));
      txns.add(claims.get("txn"));
    }

    assertThat(txns).hasSize(20).allSatisfy(txn -> assertThat((String) txn).matches("[A-Za-z0-9_-]{22}"));
  }

  @Test
  void issue_configuredTtl_setsExpiry() throws Exception {
    var issuer = new TxnTokenIssuer(TxnFixtures.ISSUER, TxnFixtures.WORKLOAD, fixtures.keys,
        InstantSource.fixed(NOW.plusMillis(999)), Duration.ofMinutes(5));
    var claims = SignedJWT.parse(issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b", Map.of(), Map.of()))
        .getJWTClaimsSet();

    assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  void construct_ttlOutOfRange_isRefused() {
    assertThatThrownBy(() -> new TxnTokenIssuer(TxnFixtures.ISSUER, TxnFixtures.WORKLOAD, fixtures.keys,
        InstantSource.fixed(NOW), Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT6M").hasMessageContaining("PT5M");
    assertThatThrownBy(() -> new TxnTokenIssuer(TxnFixtures.ISSUER, TxnFixtures.WORKLOAD, fixtures.keys,
        InstantSource.fixed(NOW), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void construct_workloadThatIsNotSpiffe_isRefused() {
    assertThatThrownBy(() -> new TxnTokenIssuer(TxnFixtures.ISSUER, "gateway", SigningKeys.generate(),
        InstantSource.fixed(NOW))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spiffe://");
  }

  @Test
  void issue_requestContextSettingActorsOrAuthn_isRefused() {
    for (String reserved : List.of("actors", "authn")) {
      assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b", Map.of(),
          Map.of(reserved, "forged")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rctx must not set '" + reserved + "': the issuer sets it");
    }
  }

  @Test
  void issue_blankAudienceOrScope_isRefused() {
    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), " ", "a.b", Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("audience is required");
    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, null, Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("scope is required");
    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a\nb", Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("scope contains a control character");
  }

  @Test
  void issue_longContextString_isRefusedWithoutQuotingIt() {
    String secret = "s3cr3t".repeat(200);

    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b",
        Map.of("args", Map.of("note", secret)), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tctx.args.note is longer than 1024 characters")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void issue_contextTooWideOrTooDeep_isRefused() {
    var wide = new LinkedHashMap<String, Object>();
    for (int i = 0; i < 33; i++) wide.put("k" + i, i);
    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b", wide, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tctx has more than 32 members");

    Map<String, Object> deepest = Map.of("a", Map.of("b", Map.of("c", List.of(1))));
    Map<String, Object> deep = Map.of("a", Map.of("b", Map.of("c", Map.of("d", List.of(1)))));
    assertThat(fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b", Map.of(), deepest)).isNotBlank();
    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b", Map.of(), deep))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rctx.a.b.c.d nests deeper than 3 levels");
  }

  @Test
  void issue_contextValueThatIsNotJson_isRefused() {
    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b",
        Map.of("when", NOW), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tctx.when is not a JSON value");
    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b",
        Map.of("ratio", Double.NaN), Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issue_contextMemberNameOutsideTheAlphabet_isRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b",
        Map.of("bad name\u001b[2J", 1), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tctx has a member name that is not")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("bad name"));
  }

  @Test
  void issue_tokenOverTheLengthLimit_isRefused() {
    var bulky = new LinkedHashMap<String, Object>();
    for (int i = 0; i < 8; i++) bulky.put("part" + i, "x".repeat(1000));

    assertThatThrownBy(() -> fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b", bulky, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 8192");
  }

  @Test
  void issue_contextWithNestedValues_keepsThem() throws Exception {
    Map<String, Object> tctx = Map.of("tool", "a.b", "limits", Map.of("max", 3, "units", List.of("eur", true)));
    String token = fixtures.issuer.issue(TxnFixtures.alone(), AUDIENCE, "a.b", tctx, null);

    assertThat(SignedJWT.parse(token).getPayload().toJSONObject().get("tctx"))
        .isEqualTo(Map.of("tool", "a.b", "limits", Map.of("max", 3L, "units", List.of("eur", true))));
  }
}
