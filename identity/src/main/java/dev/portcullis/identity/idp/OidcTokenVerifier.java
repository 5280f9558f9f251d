package dev.portcullis.identity.idp;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.identity.UserIdentity;
import dev.portcullis.identity.UserTokenVerifier;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies users' access tokens from one or more external OpenID Connect identity providers —
 * Keycloak, Okta, Microsoft Entra ID, or any provider that publishes a discovery document and a
 * JWK set — and turns them into a {@link UserIdentity}.
 *
 * <h2>How a token is checked</h2>
 * Cheapest first, so that junk never reaches cryptography or the network:
 * <ol>
 *   <li>structure and size: a compact JWS no longer than the largest configured limit, JSON not
 *       nested deeper than 10;
 *   <li>header ({@link TokenHeader}): no {@code none}, no {@code HS*}, no key-carrying or
 *       key-locating parameters ({@code jku, jwk, x5u, x5c}), no {@code crit}, {@code typ} absent,
 *       {@code JWT} or {@code at+jwt}, a {@code kid};
 *   <li>issuer: {@code iss} is read from the still unverified payload only to choose the provider
 *       — its exact string must be a configured issuer — and then that provider's size limit and
 *       algorithm list apply;
 *   <li>key: looked up by {@code kid} in that provider's key set only ({@link KeyCachePolicy} says
 *       when the set is fetched again), and must fit the algorithm ({@link Signatures});
 *   <li>signature;
 *   <li>claims ({@link UserTokenClaims}): an access token, not an ID token; {@code aud} names this
 *       gateway; {@code exp} in the future; {@code nbf}/{@code iat} not in the future beyond the skew;
 *       {@code sub} present; {@code may_act} an object if present; the claims policy sees, bounded.
 * </ol>
 * Every refusal is a {@link GatewayException} carrying {@link GatewayError.Unauthenticated}; its
 * reason is a fixed sentence that never contains the token or any value taken from it.
 *
 * <h2>Pointing Portcullis at a provider</h2>
 * Configure one {@link OidcProvider} per provider with {@link OidcProvider#of(String, java.util.Set)}:
 * the issuer exactly as the provider writes it in {@code iss} (trailing slash included or not), and
 * the audience its access tokens carry for Portcullis. Keys are found through discovery unless a
 * {@code jwksUri} is given.
 * <ul>
 *   <li><b>Keycloak</b>: issuer {@code https://<host>/realms/<realm>}. Keycloak's access tokens
 *       carry {@code aud: account} unless told otherwise: add an <i>Audience</i> protocol mapper
 *       (client scope, "Included Client Audience" or "Included Custom Audience") so that they name
 *       Portcullis. Realm roles arrive as {@code realm_access.roles} and reach policy as
 *       {@code roles} by default; groups need a <i>Group Membership</i> mapper with claim name
 *       {@code groups}; client roles are at {@code resource_access.<client>.roles}. Keycloak marks
 *       ID tokens with the claim {@code typ: ID}, which is refused by default.
 *   <li><b>Okta</b>: use a custom authorization server, issuer
 *       {@code https://<org>.okta.com/oauth2/<server>} ({@code default} for the default one); the
 *       org server ({@code https://<org>.okta.com}) issues access tokens meant for Okta's own APIs
 *       only. The audience is the server's configured audience (e.g. {@code api://portcullis}).
 *       Groups need a {@code groups} claim added to the access token on the server; scopes arrive
 *       as the array {@code scp} (map it with {@link OidcProvider#withPolicyClaims}).
 *   <li><b>Microsoft Entra ID</b>: issuer {@code https://login.microsoftonline.com/<tenant>/v2.0}
 *       for v2 tokens — set {@code requestedAccessTokenVersion} (older manifests:
 *       {@code accessTokenAcceptedVersion}) to 2 in the API's app registration, or tokens arrive as
 *       v1 with issuer {@code https://sts.windows.net/<tenant>/}. The audience is the client id (a
 *       GUID) of the app registration that exposes Portcullis as an API; v1 tokens may carry its App
 *       ID URI ({@code api://...}) instead. Keep that registration Portcullis's own: Entra ID tokens
 *       carry no type marker, and an ID token names the app the user signed in to. App roles arrive
 *       as {@code roles}, scopes as the string {@code scp}, groups (when emitted) as {@code groups}
 *       of object ids; map them with {@link OidcProvider#withPolicyClaims}. Tokens issued for
 *       Microsoft Graph cannot be verified by anyone but Graph and are refused.
 *   <li><b>Any other provider</b>: the issuer URL of its discovery document, and the audience it
 *       puts in access tokens for Portcullis. Prefer a provider that issues RFC 9068 access tokens
 *       ({@code typ: at+jwt}) with a resource audience distinct from any client id, so that an ID
 *       token can never pass for an access token.
 * </ul>
 * The same notes, with more detail, are in {@code docs/identity-providers.md}.
 *
 * <h2>Threads and I/O</h2>
 * {@link #verify} is thread-safe. It blocks while a provider's keys are fetched — at the first
 * token of a provider, when the cached keys have lived their time, and when a token names a key id
 * not yet seen (at most once per cool-down) — for at most the fetch deadline of each request
 * (discovery, then key set); call it where blocking is allowed. Nothing else does I/O.
 */
public final class OidcTokenVerifier implements UserTokenVerifier, AutoCloseable {
  private final Map<String, Trusted> byIssuer;
  private final InstantSource clock;
  private final IdpHttp http;
  private final int largestTokenSize;

  /** A provider together with its key cache. */
  private record Trusted(OidcProvider provider, ProviderKeys keys) {}

  /**
   * A verifier for tokens of these providers.
   *
   * @param providers one or more providers, each issuer at most once
   * @param clock     the time against which tokens and cached keys are judged
   * @throws IllegalArgumentException when no provider is given or an issuer is given twice
   */
  public OidcTokenVerifier(List<OidcProvider> providers, InstantSource clock) {
    this(providers, clock, new IdpHttp());
  }

  OidcTokenVerifier(List<OidcProvider> providers, InstantSource clock, IdpHttp http) {
    Objects.requireNonNull(providers, "providers");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = Objects.requireNonNull(http, "http");
    if (providers.isEmpty()) throw new IllegalArgumentException("at least one identity provider is required");
    var map = new HashMap<String, Trusted>();
    int largest = 0;
    for (OidcProvider provider : providers) {
      Objects.requireNonNull(provider, "provider");
      if (map.put(provider.issuer(), new Trusted(provider, new ProviderKeys(provider, http, clock))) != null) {
        throw new IllegalArgumentException("identity provider '" + provider.issuer() + "' is configured twice");
      }
      largest = Math.max(largest, provider.maxTokenSize());
    }
    this.byIssuer = Map.copyOf(map);
    this.largestTokenSize = largest;
  }

  /**
   * The user {@code token} proves.
   *
   * @param token the user's access token, without any {@code Bearer} prefix
   * @throws GatewayException with {@link GatewayError.Unauthenticated} when the token is refused
   */
  @Override
  public UserIdentity verify(String token) {
    TokenParts parts = TokenParts.split(token, largestTokenSize);
    TokenHeader header = TokenHeader.check(parts.headerJson(), parts.header());
    // Read before verification only to choose whose keys to verify with.
    Map<String, Object> claims = parts.payloadJson();
    if (!(claims.get("iss") instanceof String issuer)) throw IdpRejection.of("user token has no issuer (iss)");
    Trusted trusted = byIssuer.get(issuer);
    if (trusted == null) throw IdpRejection.of("user token issuer (iss) is not a configured identity provider");
    OidcProvider provider = trusted.provider();
    if (token.length() > provider.maxTokenSize()) {
      throw IdpRejection.of("user token exceeds " + provider.maxTokenSize() + " characters");
    }
    if (!provider.algorithms().contains(header.algorithm().getName())) {
      throw IdpRejection.of("user token algorithm is not one identity provider '" + provider.issuer()
          + "' is configured with " + provider.algorithms().stream().sorted().toList());
    }
    Signatures.verify(parts, header, trusted.keys().withKeyId(header.keyId()));
    return UserTokenClaims.check(claims, provider, clock.instant());
  }

  /** Stops the HTTP client used to fetch providers' keys. */
  @Override
  public void close() {
    http.close();
  }
}
