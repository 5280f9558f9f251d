package dev.portcullis.identity.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration of an identity provider and its key cache. */
class OidcProviderTest {
  private static final Set<String> AUD = Set.of("portcullis");

  @Test
  void of_fillsInTheDefaults() {
    OidcProvider provider = OidcProvider.of("https://idp.example.com/realms/acme", AUD);

    assertThat(provider.jwksUri()).isNull();
    assertThat(provider.algorithms()).containsExactlyInAnyOrder("RS256", "PS256", "ES256");
    assertThat(provider.acceptIdTokens()).isFalse();
    assertThat(provider.clockSkew()).isEqualTo(OidcProvider.DEFAULT_CLOCK_SKEW);
    assertThat(provider.maxTokenSize()).isEqualTo(OidcProvider.DEFAULT_MAX_TOKEN_SIZE);
    assertThat(provider.policyClaims()).containsEntry("roles", "realm_access.roles").containsEntry("groups", "groups")
        .containsOnlyKeys("sub", "email", "name", "preferred_username", "groups", "roles", "azp", "scope");
    assertThat(provider.keyCache()).isEqualTo(KeyCachePolicy.DEFAULT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "HS512", "none", "ES256K", "EdDSA", "rs256"})
  void algorithms_outsideTheSupportedSet_areRefused(String alg) {
    assertThatThrownBy(() -> OidcProvider.of("https://idp.example.com", AUD).withAlgorithms(Set.of("RS256", alg)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("algorithm '" + alg + "' is not accepted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://idp.example.com/realms/acme", "ftp://idp.example.com", "https://idp.example.com?x=1",
      "https://idp.example.com#f", "idp.example.com", "https://user@idp.example.com"})
  void issuer_thatIsNotHttpsOrHasQueryFragmentOrUser_isRefused(String issuer) {
    assertThatThrownBy(() -> OidcProvider.of(issuer, AUD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issuer must be an https URL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/realms/dev", "http://localhost:8080/realms/dev",
      "http://[::1]:8080/realms/dev"})
  void issuer_plainHttpOnLoopback_isAllowed(String issuer) {
    assertThat(OidcProvider.of(issuer, AUD).issuer()).isEqualTo(issuer);
  }

  @Test
  void jwksUri_plainHttpOffLoopback_isRefused() {
    assertThatThrownBy(() -> OidcProvider.of("https://idp.example.com", AUD)
        .withJwksUri(URI.create("http://idp.example.com/certs")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jwksUri must be an https URL");
  }

  @Test
  void everyProblem_isReportedAtOnce() {
    assertThatThrownBy(() -> new OidcProvider("http://idp.example.com", null, Set.of(), Set.of("HS256"), false,
        Duration.ofMinutes(10), 10, Map.of("roles", ""), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issuer must be")
        .hasMessageContaining("audiences must name at least one")
        .hasMessageContaining("algorithm 'HS256' is not accepted")
        .hasMessageContaining("clockSkew must be between")
        .hasMessageContaining("maxTokenSize must be between")
        .hasMessageContaining("policy claim 'roles' must map")
        .hasMessageContaining("keyCache is required");
  }

  @Test
  void audiences_withABlankOne_areRefused() {
    assertThatThrownBy(() -> OidcProvider.of("https://idp.example.com", Set.of("portcullis", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain an empty audience");
  }

  @Test
  void keyCachePolicy_refusesACooldownLongerThanTheTimeToLive_andMaxStaleShorterThanIt() {
    assertThatThrownBy(() -> new KeyCachePolicy(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshCooldown (PT2M) must not be longer than timeToLive (PT1M)");
    assertThatThrownBy(() -> new KeyCachePolicy(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStale (PT5M) must not be shorter than timeToLive (PT10M)");
  }

  @Test
  void keyCachePolicy_refusesNonPositiveDurations() {
    assertThatThrownBy(() -> new KeyCachePolicy(Duration.ZERO, null, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeToLive must be positive")
        .hasMessageContaining("refreshCooldown must be positive")
        .hasMessageContaining("maxStale must be positive");
  }
}
