package dev.portcullis.vault.backend.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How an OAuth client-credentials backend reaches its authorization server.
 *
 * <p>Exactly one of {@code issuer} and {@code tokenEndpoint} is set: with an issuer, the token and
 * revocation endpoints come from its discovery document ({@code /.well-known/openid-configuration},
 * then RFC 8414 {@code /.well-known/oauth-authorization-server}). Endpoints must be {@code https}, except
 * on a loopback address, so a client secret never crosses a network in clear.
 *
 * @param name               the backend's name (first segment of its lease ids)
 * @param issuer             the authorization server's issuer, or {@code null} when {@code tokenEndpoint} is given
 * @param tokenEndpoint      the token endpoint, or {@code null} when {@code issuer} is given
 * @param clientId           the client id
 * @param clientSecretPath   where the client secret is stored in the vault (sent as {@code client_secret_basic})
 * @param scope              the {@code scope} to ask for, or {@code null}
 * @param audience           the {@code audience} to ask for (as Keycloak and Auth0 name it), or {@code null}
 * @param resource           the RFC 8707 {@code resource} indicator, or {@code null}
 * @param revocationEndpoint the RFC 7009 revocation endpoint, or {@code null} (then taken from discovery, if any)
 * @param expirySkew         how long before the server's expiry a token counts as expired
 * @param maxResponseBytes   the largest response accepted from the server
 * @param timeout            how long to wait for the server
 */
public record ClientCredentialsConfig(String name, URI issuer, URI tokenEndpoint, String clientId, String clientSecretPath,
                                      String scope, String audience, String resource, URI revocationEndpoint,
                                      Duration expirySkew, int maxResponseBytes, Duration timeout) {
  /** The default skew: tokens are dropped 30 seconds before the server says they expire. */
  public static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);
  /** The default response cap: token responses are small; 64 KiB is generous. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
  /** The default timeout for one request to the authorization server. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public ClientCredentialsConfig {
    requireText(name, "name");
    requireText(clientId, "client id");
    requireText(clientSecretPath, "client secret path");
    if ((issuer == null) == (tokenEndpoint == null)) {
      throw new IllegalArgumentException("oauth backend '" + name + "': give exactly one of issuer and token endpoint");
    }
    if (issuer != null) requireSafe(name, issuer, "issuer");
    if (tokenEndpoint != null) requireSafe(name, tokenEndpoint, "token endpoint");
    if (revocationEndpoint != null) requireSafe(name, revocationEndpoint, "revocation endpoint");
    Objects.requireNonNull(expirySkew, "expirySkew");
    Objects.requireNonNull(timeout, "timeout");
    if (expirySkew.isNegative()) throw new IllegalArgumentException("oauth backend '" + name + "': expiry skew is negative");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("oauth backend '" + name + "': timeout must be positive");
    if (maxResponseBytes < 1024) throw new IllegalArgumentException("oauth backend '" + name + "': max response bytes must be at least 1024, was " + maxResponseBytes);
  }

  /** A configuration with a fixed token endpoint and the default skew, response cap and timeout. */
  public static ClientCredentialsConfig of(String name, URI tokenEndpoint, String clientId, String clientSecretPath) {
    return new ClientCredentialsConfig(name, null, tokenEndpoint, clientId, clientSecretPath, null, null, null, null,
        DEFAULT_SKEW, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT);
  }

  /** This configuration asking for {@code scope}. */
  public ClientCredentialsConfig withScope(String scope) {
    return new ClientCredentialsConfig(name, issuer, tokenEndpoint, clientId, clientSecretPath, scope, audience, resource,
        revocationEndpoint, expirySkew, maxResponseBytes, timeout);
  }

  /** This configuration asking for {@code audience}. */
  public ClientCredentialsConfig withAudience(String audience) {
    return new ClientCredentialsConfig(name, issuer, tokenEndpoint, clientId, clientSecretPath, scope, audience, resource,
        revocationEndpoint, expirySkew, maxResponseBytes, timeout);
  }

  /** This configuration revoking unused tokens at {@code revocationEndpoint}. */
  public ClientCredentialsConfig withRevocationEndpoint(URI revocationEndpoint) {
    return new ClientCredentialsConfig(name, issuer, tokenEndpoint, clientId, clientSecretPath, scope, audience, resource,
        revocationEndpoint, expirySkew, maxResponseBytes, timeout);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException("oauth backend: " + what + " is missing");
  }

  /** Refuses endpoints that would send the client secret in clear over a network, or carry odd parts. */
  static void requireSafe(String backend, URI uri, String what) {
    String scheme = uri.getScheme();
    boolean loopback = uri.getHost() != null
        && (uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1") || uri.getHost().equals("[::1]"));
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("oauth backend '" + backend + "': " + what + " must not carry user info or a fragment");
    }
    if (!"https".equalsIgnoreCase(scheme) && !("http".equalsIgnoreCase(scheme) && loopback)) {
      throw new IllegalArgumentException("oauth backend '" + backend + "': " + what + " must be https (http only on loopback), was " + uri);
    }
  }
}
