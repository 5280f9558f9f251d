package dev.portcullis.identity.idp;

import static dev.portcullis.identity.idp.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link OidcTokenVerifier} fetches, caches and refreshes a provider's keys against a real
 * local provider: unknown key ids, rotation, outages, and discovery that must not be trusted.
 */
class KeyRefreshTest {
  private static final RSAKey FIRST = UserTokens.rsaKey("key-1");
  private static final RSAKey SECOND = UserTokens.rsaKey("key-2");
  private static final Duration COOLDOWN = KeyCachePolicy.DEFAULT.refreshCooldown();
  private static final Duration TTL = KeyCachePolicy.DEFAULT.timeToLive();
  private static final Duration MAX_STALE = KeyCachePolicy.DEFAULT.maxStale();

  private final ManualClock clock = new ManualClock();
  private final FakeIdp idp = FakeIdp.start(FIRST);
  private final OidcTokenVerifier verifier =
      new OidcTokenVerifier(List.of(OidcProvider.of(idp.issuer, Set.of(UserTokens.AUDIENCE))), clock);

  @AfterEach
  void stop() {
    verifier.close();
    idp.close();
  }

  /** A fresh token, issued now, signed by {@code key}. */
  private String token(RSAKey key) {
    return UserTokens.sign(UserTokens.header("RS256", key.getKeyID()), UserTokens.claims(idp.issuer, clock.instant()),
        key);
  }

  /** A fresh token naming a key id the provider never published (signed with a real key all the same). */
  private String tokenWithForgedKeyId(String kid) {
    return UserTokens.sign(UserTokens.header("RS256", kid), UserTokens.claims(idp.issuer, clock.instant()), FIRST);
  }

  @Test
  void keys_areFetchedOnceAndServedFromTheCache() {
    for (int i = 0; i < 5; i++) verifier.verify(token(FIRST));

    assertThat(idp.discoveryRequests).hasValue(1);
    assertThat(idp.jwksRequests).hasValue(1);
  }

  @Test
  void keys_olderThanTheTimeToLive_areFetchedAgain() {
    verifier.verify(token(FIRST));
    clock.advance(TTL.minusSeconds(1));
    verifier.verify(token(FIRST));
    assertThat(idp.jwksRequests).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    verifier.verify(token(FIRST));
    assertThat(idp.jwksRequests).hasValue(2);
  }

  @Test
  void unknownKeyId_triggersOneRefreshThenIsRefused_andFurtherOnesWaitForTheCooldown() {
    verifier.verify(token(FIRST));
    clock.advance(COOLDOWN);
    assertRefused(verifier, tokenWithForgedKeyId("forged"), "key id (kid) is not among the signing keys");
    assertThat(idp.jwksRequests).hasValue(2);

    for (int i = 0; i < 20; i++) {
      assertRefused(verifier, tokenWithForgedKeyId("forged-" + i), "key id (kid) is not among the signing keys");
    }
    assertThat(idp.jwksRequests).as("no fetch within the cool-down").hasValue(2);

    clock.advance(COOLDOWN);
    assertRefused(verifier, tokenWithForgedKeyId("forged"), "key id (kid) is not among the signing keys");
    assertThat(idp.jwksRequests).hasValue(3);
  }

  @Test
  void unknownKeyIdInTheFirstToken_costsOnlyTheInitialFetch() {
    assertRefused(verifier, token(SECOND), "key id (kid) is not among the signing keys");

    assertThat(idp.jwksRequests).hasValue(1);
  }

  @Test
  void rotatedKey_isPickedUpByTheRefreshItsKeyIdTriggers() {
    verifier.verify(token(FIRST));
    idp.publish(FIRST, SECOND);
    clock.advance(COOLDOWN);

    assertThat(verifier.verify(token(SECOND)).subject()).isEqualTo(UserTokens.SUBJECT);
    assertThat(idp.jwksRequests).hasValue(2);
  }

  @Test
  void rotatedKey_appearingWithinTheCooldown_isAcceptedOnceTheCooldownHasPassed() {
    verifier.verify(token(FIRST));
    idp.publish(SECOND);
    clock.advance(COOLDOWN.dividedBy(2));
    assertRefused(verifier, token(SECOND), "key id (kid) is not among the signing keys");

    clock.advance(COOLDOWN.dividedBy(2));
    assertThat(verifier.verify(token(SECOND)).subject()).isEqualTo(UserTokens.SUBJECT);
  }

  @Test
  void retiredKey_isRefusedAfterTheRefresh() {
    verifier.verify(token(FIRST));
    idp.publish(SECOND);
    clock.advance(TTL);

    assertRefused(verifier, token(FIRST), "key id (kid) is not among the signing keys");
  }

  @Test
  void providerDown_cachedKeysServeUntilMaxStale_thenTokensAreRefused() {
    verifier.verify(token(FIRST));
    idp.stop();

    clock.advance(TTL.plusMinutes(1));
    assertThat(verifier.verify(token(FIRST)).subject()).as("stale keys still serve").isEqualTo(UserTokens.SUBJECT);

    clock.advance(MAX_STALE.minus(TTL));
    String reason = assertRefused(verifier, token(FIRST), "could not be refreshed for longer than the max-stale limit");
    assertThat(reason).contains(idp.issuer).contains("could not be fetched");
  }

  @Test
  void providerFailing_isAskedAtMostOncePerCooldown_andServesAgainWhenItRecovers() {
    verifier.verify(token(FIRST));
    idp.jwksStatus(503);
    clock.advance(TTL);

    for (int i = 0; i < 10; i++) verifier.verify(token(FIRST));
    assertThat(idp.jwksRequests).hasValue(2);

    clock.advance(MAX_STALE);
    assertRefused(verifier, token(FIRST), "answered HTTP 503");
    assertThat(idp.jwksRequests).hasValue(3);

    idp.jwksStatus(200);
    clock.advance(COOLDOWN);
    assertThat(verifier.verify(token(FIRST)).subject()).isEqualTo(UserTokens.SUBJECT);
  }

  @Test
  void providerUnreachableFromTheStart_refusesWithTheReason() {
    idp.stop();

    assertRefused(verifier, token(FIRST), "signing keys of identity provider '" + idp.issuer + "' are unavailable");
  }

  @Test
  void keySetWithoutSigningKeys_keepsTheCachedKeys() {
    verifier.verify(token(FIRST));
    idp.publishRaw("{\"keys\":[]}");
    clock.advance(TTL);

    assertThat(verifier.verify(token(FIRST)).subject()).isEqualTo(UserTokens.SUBJECT);
    assertThat(idp.jwksRequests).hasValue(2);
  }

  @Test
  void keySetThatIsNotJson_isRefusedWithTheReason() {
    idp.publishRaw("<html>maintenance</html>");

    assertRefused(verifier, token(FIRST), "is not a JSON object");
  }

  @Test
  void keySetLargerThanTheLimit_isRefused() {
    try (var small = new OidcTokenVerifier(List.of(OidcProvider.of(idp.issuer, Set.of(UserTokens.AUDIENCE))), clock,
        new IdpHttp(IdpHttp.DEFAULT_DEADLINE, 256))) {
      assertRefused(small, token(FIRST), "is larger than 256 bytes");
    }
  }

  @Test
  void discoveryNamingAnotherIssuer_isRefused() {
    idp.discoveryNamesIssuer("https://evil.example.com/realms/test");

    assertRefused(verifier, token(FIRST), "names a different issuer");
    assertThat(idp.jwksRequests).as("keys of a mismatched provider are never fetched").hasValue(0);
  }

  @Test
  void discoveryNamingAPlainHttpKeySetOffLoopback_isRefused() {
    idp.discoveryNamesJwksUri("http://keys.example.com/certs");

    assertRefused(verifier, token(FIRST), "names a jwks_uri that is not https");
  }

  @Test
  void discoveryIsRetriedAfterAFailedFetch() {
    verifier.verify(token(FIRST));
    idp.jwksStatus(500);
    clock.advance(TTL);
    verifier.verify(token(FIRST));
    idp.jwksStatus(200);
    clock.advance(COOLDOWN);
    verifier.verify(token(FIRST));

    assertThat(idp.discoveryRequests).hasValue(2);
  }

  @Test
  void explicitKeySetLocation_isUsedAsConfigured() {
    var direct = OidcProvider.of(idp.issuer, Set.of(UserTokens.AUDIENCE)).withJwksUri(URI.create(idp.jwksUrl()));
    idp.discoveryNamesIssuer("https://evil.example.com/realms/test");
    try (var verifierWithoutDiscovery = new OidcTokenVerifier(List.of(direct), clock)) {
      assertThat(verifierWithoutDiscovery.verify(token(FIRST)).subject()).isEqualTo(UserTokens.SUBJECT);
    }
    assertThat(idp.discoveryRequests).hasValue(0);
  }
}
