package dev.portcullis.vault.backend.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtAssertionBackendTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.700Z");
  private static final LeaseScope SCOPE = new LeaseScope("https://idp.example#alice", List.of("root-agent", "sub-agent"), "task-1", null);

  private static JwtAssertionBackend backend(JWK key, JwtAssertionConfig config) {
    return new JwtAssertionBackend(config, path -> {
      assertThat(path).isEqualTo("keys/billing");
      return SecretValue.of(key.toJSONString());
    }, InstantSource.fixed(NOW));
  }

  private static JwtAssertionConfig config(JwtAssertionConfig.Subject subject) {
    return JwtAssertionConfig.of("billing", "keys/billing", "https://gateway.example", "billing-api", subject);
  }

  private static SignedJWT token(Minted minted, String header, String scheme) throws Exception {
    String value = ((LastMileCredential.Headers) minted.credential()).headers().get(header);
    assertThat(value).startsWith(scheme);
    return SignedJWT.parse(value.substring(scheme.length()));
  }

  @Test
  void signsAnEs256AssertionThatTheApiVerifiesWithThePublicKey() throws Exception {
    var key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    Minted minted = backend(key, config(new JwtAssertionConfig.Subject.Fixed("svc-billing")))
        .mint(new MintRequest("billing/42", SCOPE, NOW.plus(Duration.ofHours(1))));

    SignedJWT jwt = token(minted, "Authorization", "Bearer ");
    JWSVerifier verifier = new ECDSAVerifier(key.toECKey().toPublicJWK());
    assertThat(jwt.verify(verifier)).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("https://gateway.example");
    assertThat(claims.getAudience()).containsExactly("billing-api");
    assertThat(claims.getSubject()).isEqualTo("svc-billing");
    assertThat(claims.getJSONObjectClaim("act")).containsEntry("sub", "sub-agent");
    assertThat(claims.getJWTID()).isEqualTo("billing/42");
    assertThat(claims.getIssueTime()).isEqualTo(Date.from(Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(claims.getExpirationTime()).isEqualTo(Date.from(Instant.parse("2026-01-01T00:05:00Z")));
    assertThat(minted.credential().expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
  }

  @Test
  void expiresNoLaterThanTheLeasesNotAfter() throws Exception {
    var key = new ECKeyGenerator(Curve.P_256).generate();
    Instant notAfter = NOW.plus(Duration.ofSeconds(90));

    Minted minted = backend(key, config(new JwtAssertionConfig.Subject.Fixed("svc")))
        .mint(new MintRequest("billing/1", SCOPE, notAfter));

    Date exp = token(minted, "Authorization", "Bearer ").getJWTClaimsSet().getExpirationTime();
    assertThat(exp.toInstant()).isBeforeOrEqualTo(notAfter).isEqualTo(Instant.parse("2026-01-01T00:01:30Z"));
    assertThat(minted.credential().expiresAt()).isBeforeOrEqualTo(notAfter);
  }

  @Test
  void signsForTheLeasesUserWithEd25519InAConfiguredHeader() throws Exception {
    var key = new OctetKeyPairGenerator(Curve.Ed25519).generate();
    var config = new JwtAssertionConfig("billing", "keys/billing", "gw", "api", JwtAssertionConfig.Subject.parse("user"),
        Duration.ofMinutes(1), "X-Assertion", "");

    Minted minted = backend(key, config).mint(new MintRequest("billing/1", SCOPE, NOW.plus(Duration.ofHours(1))));

    SignedJWT jwt = token(minted, "X-Assertion", "");
    assertThat(jwt.verify(new Ed25519Verifier(key.toOctetKeyPair().toPublicJWK()))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
  }

  @Test
  void signsRs256WithAnRsaKey() throws Exception {
    var key = new RSAKeyGenerator(2048).generate();

    Minted minted = backend(key, config(new JwtAssertionConfig.Subject.Fixed("svc")))
        .mint(new MintRequest("billing/1", SCOPE, NOW.plus(Duration.ofHours(1))));

    SignedJWT jwt = token(minted, "Authorization", "Bearer ");
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.verify(new RSASSAVerifier(key.toRSAKey().toPublicJWK()))).isTrue();
  }

  @Test
  void refusesAUserSubjectWithoutAUser() throws Exception {
    var key = new ECKeyGenerator(Curve.P_256).generate();
    var noUser = new LeaseScope(null, List.of("agent"), "task", null);

    assertThatThrownBy(() -> backend(key, config(new JwtAssertionConfig.Subject.LeaseUser()))
        .mint(new MintRequest("billing/1", noUser, NOW.plus(Duration.ofHours(1)))))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.REFUSED))
        .hasMessageContaining("has no user");
  }

  @Test
  void refusesAPublicKeyWithoutLeakingTheStoredValue() throws Exception {
    var publicOnly = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();

    assertThatThrownBy(() -> backend(publicOnly, config(new JwtAssertionConfig.Subject.Fixed("svc")))
        .mint(new MintRequest("billing/1", SCOPE, NOW.plus(Duration.ofHours(1)))))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.BACKEND_FAILED))
        .hasMessageContaining("no private part");
  }

  @Test
  void refusesAValueThatIsNotAJwkWithoutQuotingIt() {
    var backend = new JwtAssertionBackend(config(new JwtAssertionConfig.Subject.Fixed("svc")),
        path -> SecretValue.of("not-a-jwk-but-secret"), InstantSource.fixed(NOW));

    assertThatThrownBy(() -> backend.mint(new MintRequest("billing/1", SCOPE, NOW.plus(Duration.ofHours(1)))))
        .hasMessageContaining("is not a JWK").hasMessageNotContaining("not-a-jwk-but-secret");
  }

  @Test
  void refusesALeaseEndingWithinTheCurrentSecond() throws Exception {
    var key = new ECKeyGenerator(Curve.P_256).generate();

    assertThatThrownBy(() -> backend(key, config(new JwtAssertionConfig.Subject.Fixed("svc")))
        .mint(new MintRequest("billing/1", SCOPE, NOW.plusMillis(200))))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.REFUSED));
  }

  @Test
  void revocationDataNamesTheLease() throws Exception {
    var key = new ECKeyGenerator(Curve.P_256).generate();
    Minted minted = backend(key, config(new JwtAssertionConfig.Subject.Fixed("svc")))
        .mint(new MintRequest("billing/7", SCOPE, NOW.plus(Duration.ofHours(1))));

    assertThat(minted.revocationData()).isEqualTo(Map.of("jti", "billing/7"));
  }
}
