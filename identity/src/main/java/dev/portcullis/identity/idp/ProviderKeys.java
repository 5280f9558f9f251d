package dev.portcullis.identity.idp;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys of one identity provider, cached by the rules of its {@link KeyCachePolicy}.
 *
 * <p>Why not Nimbus's {@code JWKSourceBuilder}: its rate limiter lets two fetches through per
 * interval where we promise one, part of its timing reads the system clock where we inject an
 * {@link InstantSource}, and its outage tolerance counts from the last fetch attempt rather than
 * from the last success. The rules here are few enough to state and test exactly:
 *
 * <ul>
 *   <li>keys older than the time to live are fetched again before use;
 *   <li>a key id missing from the cache triggers one fetch;
 *   <li>no fetch starts within the cool-down of the previous attempt, successful or not — so a
 *       flood of tokens with forged key ids, or an unreachable provider, costs the provider at
 *       most one request per cool-down;
 *   <li>when fetching fails, the cached keys serve until they are max-stale old (counted from the
 *       last success), then every token of this provider is refused, saying why;
 *   <li>a fetched set with no usable signing key counts as a failure and leaves the cache alone.
 * </ul>
 *
 * <p>The key set location comes from configuration, or else from discovery; a discovered location
 * is forgotten when a fetch fails, so that a provider that moved its keys is found again.
 *
 * <p>One lock guards the cache and is held during a fetch, so concurrent callers wait for that
 * fetch instead of starting their own. A fetch is bounded by {@link IdpHttp}'s deadline.
 */
final class ProviderKeys {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);

  private final OidcProvider provider;
  private final IdpHttp http;
  private final OidcDiscovery discovery;
  private final InstantSource clock;

  private URI location;
  private JWKSet keys;
  private Instant fetchedAt;
  private Instant lastAttempt;
  private String lastProblem = "no fetch has been attempted";

  ProviderKeys(OidcProvider provider, IdpHttp http, InstantSource clock) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.http = Objects.requireNonNull(http, "http");
    this.discovery = new OidcDiscovery(http);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.location = provider.jwksUri();
  }

  /**
   * The provider's keys with this key id (usually one), fetching the key set when the cache
   * rules allow.
   *
   * @throws dev.portcullis.core.GatewayException when no key has this id, or the provider's keys
   *                                              cannot be had and the cache is empty or past max-stale
   */
  synchronized List<JWK> withKeyId(String keyId) {
    Instant now = clock.instant();
    KeyCachePolicy policy = provider.keyCache();
    if (keys == null || !now.isBefore(fetchedAt.plus(policy.timeToLive()))) refresh(now);
    if (keys == null) {
      throw IdpRejection.of("the signing keys of identity provider '" + provider.issuer()
          + "' are unavailable: " + lastProblem);
    }
    if (!now.isBefore(fetchedAt.plus(policy.maxStale()))) {
      throw IdpRejection.of("the signing keys of identity provider '" + provider.issuer()
          + "' could not be refreshed for longer than the max-stale limit of " + policy.maxStale()
          + ": " + Objects.requireNonNullElse(lastProblem, "no refresh was due"));
    }
    List<JWK> found = find(keyId);
    if (found.isEmpty() && refresh(now)) found = find(keyId);
    if (found.isEmpty()) {
      throw IdpRejection.of("user token key id (kid) is not among the signing keys of identity provider '"
          + provider.issuer() + "'");
    }
    return found;
  }

  private List<JWK> find(String keyId) {
    return keys.getKeys().stream().filter(key -> keyId.equals(key.getKeyID())).toList();
  }

  /** Fetches the key set unless the cool-down forbids it; whether the cache now holds fresh keys. */
  private boolean refresh(Instant now) {
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(provider.keyCache().refreshCooldown()))) return false;
    lastAttempt = now;
    try {
      keys = fetch();
      fetchedAt = now;
      lastProblem = null;
      return true;
    } catch (IdpUnavailableException e) {
      lastProblem = e.getMessage();
      if (provider.jwksUri() == null) location = null;
      LOG.warn("Could not fetch the signing keys of identity provider {}: {}", provider.issuer(), e.getMessage());
      return false;
    }
  }

  private JWKSet fetch() throws IdpUnavailableException {
    if (location == null) location = discovery.jwksUri(provider.issuer());
    Map<String, Object> document = http.getJson(location, "key set");
    JWKSet parsed;
    try {
      parsed = JWKSet.parse(document);
    } catch (ParseException | RuntimeException e) {
      throw new IdpUnavailableException("key set at " + location + " is not a valid JWK set");
    }
    // Only public parts, only keys meant for signatures, only keys with an id to be found by.
    List<JWK> signing = parsed.toPublicJWKSet().getKeys().stream()
        .filter(key -> key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
        .filter(key -> key.getKeyID() != null)
        .toList();
    if (signing.isEmpty()) {
      throw new IdpUnavailableException("key set at " + location + " holds no signing key with a key id");
    }
    return new JWKSet(signing);
  }
}
