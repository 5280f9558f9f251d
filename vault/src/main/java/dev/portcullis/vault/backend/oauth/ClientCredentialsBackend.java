package dev.portcullis.vault.backend.oauth;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.CredentialBackend;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretReader;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A credential backend that hands out OAuth 2.0 access tokens obtained with the client-credentials
 * grant (RFC 6749 4.4), authenticating with {@code client_secret_basic}. The credential is the header
 * {@code Authorization: Bearer <token>}.
 *
 * <p>Tokens are shared: one token serves every lease minted while it has enough life left, so a busy
 * agent does not cost the authorization server one request per call. A token is reused when it stays
 * usable (its expiry minus the configured skew) until the request's {@code notAfter}, or, when tokens
 * live shorter than leases, while it still has at least half of its lifetime left (a fresh token would
 * not reach much further). Only one refresh runs at a time; minters that arrive meanwhile wait for it
 * and share its token.
 *
 * <p>Each lease's credential expires at the token's usable expiry or at {@code notAfter}, whichever is
 * first. The revocation data is the token's SHA-256 digest, never the token. Leases are counted per
 * token: when the last lease of a token is revoked and a revocation endpoint is known, the token is
 * revoked there (RFC 7009) and dropped. After a restart the cache is empty, so a lease naming an unknown
 * token is revoked trivially: the token is not kept anywhere and dies at its own expiry.
 */
public final class ClientCredentialsBackend implements CredentialBackend {
  /** The kind name of this backend. */
  public static final String KIND = "oauth-client-credentials";
  /** The revocation-data key holding the token's digest. */
  public static final String TOKEN_ID = "token-id";
  /** The lifetime assumed when a server omits {@code expires_in}: short, so an unknown lifetime is not trusted long. */
  static final Duration UNKNOWN_LIFETIME = Duration.ofSeconds(60);

  private final ClientCredentialsConfig config;
  private final SecretReader secrets;
  private final InstantSource clock;
  private final AuthorizationServer server;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, CachedToken> tokens = new HashMap<>();
  private CachedToken current;

  /**
   * A backend calling the authorization server with {@code http}.
   *
   * @param secrets where the client secret is read, at each token request (so a rotated secret takes effect)
   * @param clock   the time tokens are cached against
   */
  public ClientCredentialsBackend(ClientCredentialsConfig config, SecretReader secrets, HttpClient http, InstantSource clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.server = new AuthorizationServer(config, Objects.requireNonNull(http, "http"));
  }

  /** A backend with its own HTTP client (no redirects followed) and the system clock. */
  public ClientCredentialsBackend(ClientCredentialsConfig config, SecretReader secrets) {
    this(config, secrets, HttpClient.newBuilder()
        .connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build(), InstantSource.system());
  }

  @Override
  public String name() { return config.name(); }

  @Override
  public String kind() { return KIND; }

  @Override
  public Minted mint(MintRequest request) {
    Instant now = clock.instant();
    if (!request.notAfter().isAfter(now)) {
      throw new VaultException(VaultException.Reason.REFUSED, "oauth backend '" + config.name() + "': lease "
          + request.leaseId() + " would expire before its credential is minted");
    }
    lock.lock();
    try {
      tokens.values().removeIf(t -> !t.expiresAt.isAfter(now));
      if (current != null && !tokens.containsKey(current.id)) current = null;
      CachedToken token = current;
      if (token == null || !token.serves(request.notAfter(), now)) {
        token = fetch(now);
        current = token;
        tokens.put(token.id, token);
      }
      token.leases.add(request.leaseId());
      Instant expires = token.usableUntil.isBefore(request.notAfter()) ? token.usableUntil : request.notAfter();
      var credential = new LastMileCredential.Headers(request.leaseId(), expires,
          Map.of("Authorization", "Bearer " + token.token));
      return new Minted(credential, Map.of(TOKEN_ID, token.id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void revoke(String leaseId, Map<String, String> revocationData) {
    String id = revocationData.get(TOKEN_ID);
    if (id == null) return;
    CachedToken token;
    URI endpoint;
    lock.lock();
    try {
      token = tokens.get(id);
      if (token == null || !token.leases.remove(leaseId) || !token.leases.isEmpty()) return;
      endpoint = server.endpoints().revocation();
      if (endpoint == null) return;
      tokens.remove(id);
      if (current == token) current = null;
    } finally {
      lock.unlock();
    }
    try {
      withSecret(secret -> {
        server.revoke(endpoint, token.token, secret);
        return null;
      });
    } catch (VaultException e) {
      // Keep the token known so that the lease manager's retry can revoke it.
      lock.lock();
      try {
        token.leases.add(leaseId);
        tokens.putIfAbsent(id, token);
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  private CachedToken fetch(Instant now) {
    AuthorizationServer.TokenResponse response = withSecret(server::fetchToken);
    Duration lifetime = response.expiresIn() != null ? response.expiresIn() : UNKNOWN_LIFETIME;
    Instant expiresAt = now.plus(lifetime);
    Instant usableUntil = expiresAt.minus(config.expirySkew());
    if (!usableUntil.isAfter(now)) {
      throw new VaultException(VaultException.Reason.BACKEND_FAILED, "oauth backend '" + config.name()
          + "': the server's tokens live " + lifetime.toSeconds() + " s, not longer than the expiry skew of "
          + config.expirySkew().toSeconds() + " s");
    }
    return new CachedToken(digest(response.accessToken()), response.accessToken(), now, expiresAt, usableUntil);
  }

  private <T> T withSecret(java.util.function.Function<SecretValue, T> use) {
    SecretValue secret = secrets.read(config.clientSecretPath());
    try {
      return use.apply(secret);
    } finally {
      secret.destroy();
    }
  }

  /** The token's identity in revocation data: its SHA-256, base64url, from which the token cannot be recovered. */
  static String digest(String token) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /** Whether a token with this id is cached (for tests). */
  boolean caches(String tokenId) {
    lock.lock();
    try {
      return tokens.containsKey(tokenId);
    } finally {
      lock.unlock();
    }
  }

  /** A token and the leases using it; guarded by the backend's lock. */
  private static final class CachedToken {
    final String id;
    final String token;
    final Instant fetchedAt;
    final Instant expiresAt;
    final Instant usableUntil;
    final Set<String> leases = new HashSet<>();

    CachedToken(String id, String token, Instant fetchedAt, Instant expiresAt, Instant usableUntil) {
      this.id = id;
      this.token = token;
      this.fetchedAt = fetchedAt;
      this.expiresAt = expiresAt;
      this.usableUntil = usableUntil;
    }

    boolean serves(Instant notAfter, Instant now) {
      if (!usableUntil.isAfter(now)) return false;
      if (!usableUntil.isBefore(notAfter)) return true;
      Duration usableLife = Duration.between(fetchedAt, usableUntil);
      return Duration.between(now, usableUntil).compareTo(usableLife.dividedBy(2)) >= 0;
    }

    @Override
    public String toString() { return "CachedToken[" + id + ", leases=" + leases.size() + "]"; }
  }
}
