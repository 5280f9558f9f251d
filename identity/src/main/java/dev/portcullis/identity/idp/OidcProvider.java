package dev.portcullis.identity.idp;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One OpenID Connect identity provider whose access tokens Portcullis accepts as proof of a user.
 *
 * <p>Start from {@link #of(String, Set)}, which fills in the defaults, and change what differs
 * with the {@code with...} methods. Every invalid value is reported at once, in one
 * {@link IllegalArgumentException}.
 *
 * @param issuer         the provider's issuer URL, compared as an exact string with the token's {@code iss}
 *                       and with the {@code issuer} of its discovery document; https (plain http only to a
 *                       loopback host), no query, no fragment
 * @param jwksUri        where the provider publishes its signing keys, or {@code null} to take
 *                       {@code jwks_uri} from {@code <issuer>/.well-known/openid-configuration}
 * @param audiences      the audiences that name this gateway (its client id at the provider or its resource
 *                       identifier); a token whose {@code aud} names none of them is refused, so that a token
 *                       meant for another application cannot be replayed here
 * @param algorithms     the signature algorithms accepted, a non-empty subset of {@link #SUPPORTED_ALGORITHMS}
 * @param acceptIdTokens whether an ID token (Keycloak marks it with the claim {@code typ: ID}) may stand in for
 *                       an access token; {@code false} unless the provider issues nothing else
 * @param clockSkew      how far {@code nbf} and {@code iat} may lie in the future, between 0 and 5 minutes
 * @param maxTokenSize   the longest token accepted from this provider, in characters (1 KiB to 1 MiB)
 * @param policyClaims   which claims policy sees: the name policy knows it by, mapped to where it is in the
 *                       token (a claim name, or a dotted path into nested objects such as
 *                       {@code realm_access.roles})
 * @param keyCache       how the provider's signing keys are cached and refreshed
 */
public record OidcProvider(String issuer, URI jwksUri, Set<String> audiences, Set<String> algorithms,
                           boolean acceptIdTokens, Duration clockSkew, int maxTokenSize,
                           Map<String, String> policyClaims, KeyCachePolicy keyCache) {

  /** The signature algorithms a provider may be configured with: RSA PKCS#1, RSA-PSS and ECDSA. */
  public static final Set<String> SUPPORTED_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
  /** The algorithms accepted when none are configured. */
  public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "PS256", "ES256");
  /** The clock skew used when none is configured. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  /** The largest configurable clock skew. */
  public static final Duration LARGEST_CLOCK_SKEW = Duration.ofMinutes(5);
  /** The token size limit used when none is configured, in characters. */
  public static final int DEFAULT_MAX_TOKEN_SIZE = 16 * 1024;
  /** The smallest configurable token size limit. */
  public static final int SMALLEST_MAX_TOKEN_SIZE = 1024;
  /** The largest configurable token size limit. */
  public static final int LARGEST_MAX_TOKEN_SIZE = 1024 * 1024;
  /** The claims passed to policy when none are configured; Keycloak's realm roles become {@code roles}. */
  public static final Map<String, String> DEFAULT_POLICY_CLAIMS = defaultPolicyClaims();

  public OidcProvider {
    var errors = new ArrayList<String>();
    URI issuerUri = Endpoints.parse(issuer);
    if (!Endpoints.isFetchable(issuerUri) || issuerUri.getRawQuery() != null) {
      errors.add("issuer must be an https URL (http only to localhost, 127.0.0.1 or ::1) without query or "
          + "fragment, was " + quoted(issuer));
    }
    if (jwksUri != null && !Endpoints.isFetchable(jwksUri)) {
      errors.add("jwksUri must be an https URL (http only to localhost, 127.0.0.1 or ::1), was " + jwksUri);
    }
    audiences = checkAudiences(audiences, errors);
    algorithms = checkAlgorithms(algorithms, errors);
    if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(LARGEST_CLOCK_SKEW) > 0) {
      errors.add("clockSkew must be between PT0S and " + LARGEST_CLOCK_SKEW + ", was " + clockSkew);
    }
    if (maxTokenSize < SMALLEST_MAX_TOKEN_SIZE || maxTokenSize > LARGEST_MAX_TOKEN_SIZE) {
      errors.add("maxTokenSize must be between " + SMALLEST_MAX_TOKEN_SIZE + " and " + LARGEST_MAX_TOKEN_SIZE
          + " characters, was " + maxTokenSize);
    }
    policyClaims = checkPolicyClaims(policyClaims, errors);
    if (keyCache == null) errors.add("keyCache is required");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid identity provider " + quoted(issuer) + ": " + String.join("; ", errors));
    }
  }

  /**
   * A provider with the defaults: keys from discovery, {@link #DEFAULT_ALGORITHMS}, ID tokens refused,
   * {@link #DEFAULT_CLOCK_SKEW}, {@link #DEFAULT_MAX_TOKEN_SIZE}, {@link #DEFAULT_POLICY_CLAIMS} and
   * {@link KeyCachePolicy#DEFAULT}.
   */
  public static OidcProvider of(String issuer, Set<String> audiences) {
    return new OidcProvider(issuer, null, audiences, DEFAULT_ALGORITHMS, false, DEFAULT_CLOCK_SKEW,
        DEFAULT_MAX_TOKEN_SIZE, DEFAULT_POLICY_CLAIMS, KeyCachePolicy.DEFAULT);
  }

  /** This provider with keys fetched from {@code uri} instead of the one discovery names. */
  public OidcProvider withJwksUri(URI uri) {
    return new OidcProvider(issuer, uri, audiences, algorithms, acceptIdTokens, clockSkew, maxTokenSize,
        policyClaims, keyCache);
  }

  /** This provider accepting these signature algorithms. */
  public OidcProvider withAlgorithms(Set<String> accepted) {
    return new OidcProvider(issuer, jwksUri, audiences, accepted, acceptIdTokens, clockSkew, maxTokenSize,
        policyClaims, keyCache);
  }

  /** This provider accepting (or refusing) ID tokens in place of access tokens. */
  public OidcProvider withAcceptIdTokens(boolean accept) {
    return new OidcProvider(issuer, jwksUri, audiences, algorithms, accept, clockSkew, maxTokenSize,
        policyClaims, keyCache);
  }

  /** This provider with another clock skew. */
  public OidcProvider withClockSkew(Duration skew) {
    return new OidcProvider(issuer, jwksUri, audiences, algorithms, acceptIdTokens, skew, maxTokenSize,
        policyClaims, keyCache);
  }

  /** This provider with another token size limit, in characters. */
  public OidcProvider withMaxTokenSize(int characters) {
    return new OidcProvider(issuer, jwksUri, audiences, algorithms, acceptIdTokens, clockSkew, characters,
        policyClaims, keyCache);
  }

  /** This provider passing these claims to policy (policy name to claim name or dotted path). */
  public OidcProvider withPolicyClaims(Map<String, String> claims) {
    return new OidcProvider(issuer, jwksUri, audiences, algorithms, acceptIdTokens, clockSkew, maxTokenSize,
        claims, keyCache);
  }

  /** This provider with another key cache policy. */
  public OidcProvider withKeyCache(KeyCachePolicy policy) {
    return new OidcProvider(issuer, jwksUri, audiences, algorithms, acceptIdTokens, clockSkew, maxTokenSize,
        policyClaims, policy);
  }

  private static Set<String> checkAudiences(Set<String> audiences, List<String> errors) {
    if (audiences == null || audiences.isEmpty()) {
      errors.add("audiences must name at least one audience (this gateway's client id or resource)");
      return Set.of();
    }
    boolean valid = true;
    for (String audience : audiences) {
      if (audience == null || audience.isBlank()) {
        errors.add("audiences must not contain an empty audience");
        valid = false;
      }
    }
    return valid ? Set.copyOf(audiences) : Set.of();
  }

  private static Set<String> checkAlgorithms(Set<String> algorithms, List<String> errors) {
    if (algorithms == null || algorithms.isEmpty()) {
      errors.add("algorithms must name at least one of " + sorted(SUPPORTED_ALGORITHMS));
      return Set.of();
    }
    boolean valid = true;
    for (String algorithm : algorithms) {
      if (algorithm == null || !SUPPORTED_ALGORITHMS.contains(algorithm)) {
        errors.add("algorithm " + quoted(algorithm) + " is not accepted; choose from " + sorted(SUPPORTED_ALGORITHMS)
            + " (unsigned and shared-secret algorithms are never accepted)");
        valid = false;
      }
    }
    return valid ? Set.copyOf(algorithms) : Set.of();
  }

  private static Map<String, String> checkPolicyClaims(Map<String, String> claims, List<String> errors) {
    if (claims == null) {
      errors.add("policyClaims is required (it may be empty)");
      return Map.of();
    }
    boolean valid = true;
    for (var entry : claims.entrySet()) {
      String name = entry.getKey();
      String path = entry.getValue();
      if (name == null || name.isBlank()) {
        errors.add("policyClaims must not contain an empty name");
        valid = false;
      } else if (path == null || path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
        errors.add("policy claim " + quoted(name) + " must map to a claim name or dotted path, was " + quoted(path));
        valid = false;
      }
    }
    return valid ? Map.copyOf(claims) : Map.of();
  }

  private static Map<String, String> defaultPolicyClaims() {
    var claims = new LinkedHashMap<String, String>();
    for (String name : List.of("sub", "email", "name", "preferred_username", "groups", "azp", "scope")) {
      claims.put(name, name);
    }
    claims.put("roles", "realm_access.roles");
    return Map.copyOf(claims);
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private static String quoted(Object value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
