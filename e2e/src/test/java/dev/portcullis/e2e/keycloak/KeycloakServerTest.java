package dev.portcullis.e2e.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Keycloak fixture runs a real server whose {@code portcullis} realm is the one the other tests rely on. */
class KeycloakServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static KeycloakServer keycloak;

  @BeforeAll
  static void startKeycloak() {
    keycloak = KeycloakServer.shared();
  }

  @Test
  void discoveryDocumentNamesTheIssuerAndEndpoints() throws Exception {
    JsonNode discovery = new ObjectMapper().readTree(get(keycloak.discoveryUrl()));

    assertThat(discovery.path("issuer").asText()).isEqualTo(keycloak.issuer());
    assertThat(discovery.path("jwks_uri").asText()).isEqualTo(keycloak.jwksUrl());
    assertThat(discovery.path("token_endpoint").asText()).isEqualTo(keycloak.tokenEndpoint());
    assertThat(keycloak.issuer()).startsWith("http://127.0.0.1:").endsWith("/realms/portcullis");
  }

  @Test
  void jwksHoldsTheRs256KeyThatSignsTheRealmsTokens() throws Exception {
    JWKSet jwks = JWKSet.parse(get(keycloak.jwksUrl()));
    SignedJWT token = SignedJWT.parse(keycloak.userToken(PortcullisRealm.AGENT_APP, PortcullisRealm.ALICE, PortcullisRealm.ALICE_PASSWORD));

    assertThat(jwks.getKeys()).anySatisfy(key -> {
      assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
      assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
      assertThat(key).isInstanceOf(RSAKey.class);
    });
    assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    JWK signingKey = jwks.getKeyByKeyId(token.getHeader().getKeyID());
    assertThat(signingKey).as("key %s in the JWKS", token.getHeader().getKeyID()).isInstanceOf(RSAKey.class);
    assertThat(token.verify(new RSASSAVerifier(signingKey.toRSAKey()))).isTrue();
  }

  @Test
  void aliceTokenFromAgentAppCarriesThePortcullisAudienceHerGroupsAndRoles() throws Exception {
    JWTClaimsSet claims = claims(keycloak.userToken(PortcullisRealm.AGENT_APP, PortcullisRealm.ALICE, PortcullisRealm.ALICE_PASSWORD));

    assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
    assertThat(claims.getAudience()).contains(PortcullisRealm.AUDIENCE);
    assertThat(claims.getStringClaim("azp")).isEqualTo(PortcullisRealm.AGENT_APP);
    assertThat(claims.getStringClaim("preferred_username")).isEqualTo(PortcullisRealm.ALICE);
    assertThat(claims.getSubject()).isNotBlank();
    assertThat(claims.getStringListClaim("groups")).containsExactly(PortcullisRealm.FINANCE);
    assertThat(realmRoles(claims)).contains(PortcullisRealm.EMPLOYEE_ROLE, PortcullisRealm.APPROVER_ROLE);
  }

  @Test
  void bobIsInEngineeringAndNoApprover() throws Exception {
    JWTClaimsSet claims = claims(keycloak.userToken(PortcullisRealm.AGENT_APP, PortcullisRealm.BOB, PortcullisRealm.BOB_PASSWORD));

    assertThat(claims.getStringListClaim("groups")).containsExactly(PortcullisRealm.ENGINEERING);
    assertThat(realmRoles(claims)).contains(PortcullisRealm.EMPLOYEE_ROLE).doesNotContain(PortcullisRealm.APPROVER_ROLE);
  }

  @Test
  void accessTokensLiveFiveMinutes() throws Exception {
    JWTClaimsSet claims = claims(keycloak.userToken(PortcullisRealm.AGENT_APP, PortcullisRealm.ALICE, PortcullisRealm.ALICE_PASSWORD));

    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000L);
  }

  @Test
  void tokenFromOtherAppLacksThePortcullisAudience() throws Exception {
    JWTClaimsSet claims = claims(keycloak.userToken(PortcullisRealm.OTHER_APP, PortcullisRealm.ALICE, PortcullisRealm.ALICE_PASSWORD));

    assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
    assertThat(claims.getStringClaim("azp")).isEqualTo(PortcullisRealm.OTHER_APP);
    assertThat(claims.getAudience()).doesNotContain(PortcullisRealm.AUDIENCE);
  }

  @Test
  void clientCredentialsGiveTheBillingClientATokenForTheBillingApi() throws Exception {
    JWTClaimsSet claims = claims(keycloak.clientCredentialsToken(PortcullisRealm.BILLING_CLIENT, PortcullisRealm.BILLING_CLIENT_SECRET));

    assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
    assertThat(claims.getStringClaim("azp")).isEqualTo(PortcullisRealm.BILLING_CLIENT);
    assertThat(claims.getAudience()).contains(PortcullisRealm.BILLING_AUDIENCE).doesNotContain(PortcullisRealm.AUDIENCE);
  }

  @Test
  void refusesWrongPasswordWithoutRepeatingIt() {
    String wrong = "not-" + PortcullisRealm.ALICE_PASSWORD;

    assertThatThrownBy(() -> keycloak.userToken(PortcullisRealm.AGENT_APP, PortcullisRealm.ALICE, wrong))
        .isInstanceOfSatisfying(TokenRequestException.class, e -> {
          assertThat(e.error()).isEqualTo("invalid_grant");
          assertThat(e.status()).isBetween(400, 401);
          assertThat(e.getMessage()).contains("alice", PortcullisRealm.AGENT_APP).doesNotContain(wrong);
        });
  }

  @Test
  void refusesWrongClientSecretWithoutRepeatingIt() {
    String wrong = "not-" + PortcullisRealm.BILLING_CLIENT_SECRET;

    assertThatThrownBy(() -> keycloak.clientCredentialsToken(PortcullisRealm.BILLING_CLIENT, wrong))
        .isInstanceOfSatisfying(TokenRequestException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).contains(PortcullisRealm.BILLING_CLIENT).doesNotContain(wrong);
        });
  }

  @Test
  void publicClientCannotUseClientCredentials() {
    assertThatThrownBy(() -> keycloak.clientCredentialsToken(PortcullisRealm.AGENT_APP, "anything"))
        .isInstanceOf(TokenRequestException.class);
  }

  @Test
  void sharedServerIsStartedOnce() {
    assertThat(KeycloakServer.shared()).isSameAs(keycloak);
    assertThat(keycloak.startupTime()).isPositive();
  }

  private static JWTClaimsSet claims(String token) throws Exception {
    return SignedJWT.parse(token).getJWTClaimsSet();
  }

  @SuppressWarnings("unchecked")
  private static List<String> realmRoles(JWTClaimsSet claims) throws Exception {
    Map<String, Object> realmAccess = claims.getJSONObjectClaim("realm_access");
    assertThat(realmAccess).as("realm_access claim").isNotNull();
    return (List<String>) realmAccess.get("roles");
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
    return response.body();
  }
}
