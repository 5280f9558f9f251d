package dev.portcullis.identity.idp;

import static dev.portcullis.identity.idp.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portcullis.identity.UserIdentity;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens {@link OidcTokenVerifier} accepts, and what it makes of them. */
class OidcTokenVerifierTest {
  private static final RSAKey RSA = UserTokens.rsaKey("rsa-1");
  private static final ECKey EC = UserTokens.ecKey("ec-1");

  private final ManualClock clock = new ManualClock();
  private final FakeIdp idp = FakeIdp.start(RSA, EC);
  private final OidcProvider provider = OidcProvider.of(idp.issuer, Set.of(UserTokens.AUDIENCE));
  private final OidcTokenVerifier verifier = new OidcTokenVerifier(List.of(provider), clock);

  @AfterEach
  void stop() {
    verifier.close();
    idp.close();
  }

  private Map<String, Object> claims() { return UserTokens.claims(idp.issuer, clock.instant()); }

  @Test
  void verify_validRs256Token_returnsTheUser() {
    String token = UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims(), RSA);

    UserIdentity user = verifier.verify(token);

    assertThat(user.issuer()).isEqualTo(idp.issuer);
    assertThat(user.subject()).isEqualTo(UserTokens.SUBJECT);
    assertThat(user.audience()).containsExactly(UserTokens.AUDIENCE, "account");
    assertThat(user.expiresAt()).isEqualTo(ManualClock.START.plusSeconds(300));
    assertThat(user.tokenId()).isEqualTo(UserTokens.TOKEN_ID);
    assertThat(user.mayAct()).isNull();
    assertThat(user.key()).isEqualTo(idp.issuer + "#" + UserTokens.SUBJECT);
  }

  @Test
  void verify_validToken_passesTheConfiguredClaimsToPolicy_withRealmRolesAsRoles() {
    UserIdentity user = verifier.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims(), RSA));

    assertThat(user.claims()).containsOnlyKeys("sub", "email", "name", "preferred_username", "groups", "roles",
        "azp", "scope");
    assertThat(user.claims()).containsEntry("roles", List.of("invoice-reader", "offline_access"))
        .containsEntry("groups", List.of("/finance", "/finance/approvers"))
        .containsEntry("email", "alice@example.com")
        .containsEntry("scope", "openid email profile");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256"})
  void verify_eachDefaultAlgorithm_isAccepted(String alg) {
    boolean ec = alg.startsWith("ES");
    String token = UserTokens.sign(UserTokens.header(alg, ec ? "ec-1" : "rsa-1"), claims(), ec ? EC : RSA);

    assertThat(verifier.verify(token).subject()).isEqualTo(UserTokens.SUBJECT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "jwt", "at+jwt", "AT+JWT", "application/at+jwt"})
  void verify_accessTokenHeaderTypes_areAccepted(String typ) {
    var header = UserTokens.header("RS256", "rsa-1");
    header.put("typ", typ);

    assertThat(verifier.verify(UserTokens.sign(header, claims(), RSA)).subject()).isEqualTo(UserTokens.SUBJECT);
  }

  @Test
  void verify_headerWithoutType_isAccepted() {
    var header = UserTokens.header("RS256", "rsa-1");
    header.remove("typ");

    assertThat(verifier.verify(UserTokens.sign(header, claims(), RSA)).subject()).isEqualTo(UserTokens.SUBJECT);
  }

  @Test
  void verify_entraStyleThumbprintHeader_isAccepted() {
    var header = UserTokens.header("RS256", "rsa-1");
    header.put("x5t", "bm90LWEtcmVhbC10aHVtYnByaW50");

    assertThat(verifier.verify(UserTokens.sign(header, claims(), RSA)).subject()).isEqualTo(UserTokens.SUBJECT);
  }

  @Test
  void verify_audienceAsSingleString_isAccepted() {
    var claims = claims();
    claims.put("aud", UserTokens.AUDIENCE);

    assertThat(verifier.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims, RSA)).audience())
        .containsExactly(UserTokens.AUDIENCE);
  }

  @Test
  void verify_severalAudiencesWithOneAccepted_isAccepted() {
    var claims = claims();
    claims.put("aud", List.of("https://other.example.com", "account", UserTokens.AUDIENCE));

    assertThat(verifier.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims, RSA)).audience())
        .containsExactly("https://other.example.com", "account", UserTokens.AUDIENCE);
  }

  @Test
  void verify_mayActObject_isPassedThrough() {
    var claims = claims();
    claims.put("may_act", Map.of("sub", "spiffe://portcullis.example/agent/invoice-bot"));

    UserIdentity user = verifier.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims, RSA));

    assertThat(user.mayAct()).containsExactly(Map.entry("sub", "spiffe://portcullis.example/agent/invoice-bot"));
  }

  @Test
  void verify_authorizationDetails_arePassedThroughForTheDelegation() {
    var claims = claims();
    var grant = Map.of("type", "portcullis_task", "task", "t1", "description", "Pay the March bill", "tools", List.of("bank.*"));
    claims.put("authorization_details", List.of(grant));

    UserIdentity user = verifier.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims, RSA));

    assertThat(user.authorizationDetails()).containsExactly(grant);
    assertThat(verifier.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims(), RSA)).authorizationDetails())
        .isNull();
  }

  @Test
  void verify_nullClaimValues_areTreatedAsAbsent() {
    var claims = new HashMap<>(claims());
    claims.put("email", null);
    claims.put("jti", null);

    UserIdentity user = verifier.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims, RSA));

    assertThat(user.claims()).doesNotContainKey("email");
    assertThat(user.tokenId()).isNull();
  }

  @Test
  void verify_nbfAndIatWithinTheSkew_areAccepted() {
    var claims = claims();
    long inTwentySeconds = clock.instant().getEpochSecond() + 20;
    claims.put("nbf", inTwentySeconds);
    claims.put("iat", inTwentySeconds);

    assertThat(verifier.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims, RSA)).subject())
        .isEqualTo(UserTokens.SUBJECT);
  }

  @Test
  void verify_idToken_isAcceptedOnlyWhenTheProviderIsConfiguredSo() {
    var claims = claims();
    claims.put("typ", "ID");
    String token = UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims, RSA);
    assertRefused(verifier, token, "ID tokens are not accepted");

    try (var lenient = new OidcTokenVerifier(List.of(provider.withAcceptIdTokens(true)), clock)) {
      assertThat(lenient.verify(token).subject()).isEqualTo(UserTokens.SUBJECT);
    }
  }

  @Test
  void verify_configuredPolicyClaims_followDottedPathsAndDottedNames() {
    var claims = claims();
    claims.put("resource_access", Map.of("billing", Map.of("roles", List.of("approver"))));
    claims.put("http://schemas.example.com/claims/tenant", "acme");
    var custom = provider.withPolicyClaims(Map.of(
        "billing_roles", "resource_access.billing.roles",
        "tenant", "http://schemas.example.com/claims/tenant",
        "missing", "no.such.path"));

    try (var mapped = new OidcTokenVerifier(List.of(custom), clock)) {
      UserIdentity user = mapped.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims, RSA));

      assertThat(user.claims()).containsOnly(
          Map.entry("billing_roles", List.of("approver")), Map.entry("tenant", "acme"));
    }
  }

  @Test
  void verify_explicitJwksUri_skipsDiscovery() {
    try (var direct = new OidcTokenVerifier(List.of(provider.withJwksUri(URI.create(idp.jwksUrl()))), clock)) {
      direct.verify(UserTokens.sign(UserTokens.header("RS256", "rsa-1"), claims(), RSA));
    }

    assertThat(idp.discoveryRequests).hasValue(0);
    assertThat(idp.jwksRequests).hasValue(1);
  }

  @Test
  void verify_twoProviders_eachTokenIsCheckedWithItsOwnProvidersKeys() {
    RSAKey otherKey = UserTokens.rsaKey("other-1");
    try (FakeIdp other = FakeIdp.start(otherKey);
         var both = new OidcTokenVerifier(
             List.of(provider, OidcProvider.of(other.issuer, Set.of(UserTokens.AUDIENCE))), clock)) {
      // other.issuer differs from idp.issuer only by port: issuers are compared exactly.
      String fromOther = UserTokens.sign(UserTokens.header("RS256", "other-1"),
          UserTokens.claims(other.issuer, clock.instant()), otherKey);
      assertThat(both.verify(fromOther).issuer()).isEqualTo(other.issuer);

      String claimsOtherButSignedByFirst = UserTokens.sign(UserTokens.header("RS256", "rsa-1"),
          UserTokens.claims(other.issuer, clock.instant()), RSA);
      assertRefused(both, claimsOtherButSignedByFirst, "is not among the signing keys of identity provider");
    }
  }

  @Test
  void constructor_sameIssuerTwice_isRefused() {
    assertThatThrownBy(() -> new OidcTokenVerifier(List.of(provider, provider), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("configured twice");
  }

  @Test
  void constructor_noProvider_isRefused() {
    assertThatThrownBy(() -> new OidcTokenVerifier(List.of(), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one identity provider");
  }
}
