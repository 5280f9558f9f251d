package dev.portcullis.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of agent identity: who issues tokens, which resource they are for, the
 * workload-identity trust domain, and the limits on token lifetime and clock skew.
 *
 * <p>Every invalid value is reported at once, in one {@link IllegalArgumentException}.
 *
 * @param issuer      the gateway's issuer URL ({@code iss}); an absolute http(s) URL without query or fragment
 * @param resource    the gateway's resource identifier ({@code aud}, RFC 8707); an absolute URI without fragment
 * @param trustDomain the SPIFFE trust domain of agent identities, e.g. {@code portcullis.example}
 * @param maxTokenTtl the longest lifetime a token may have, between 1 second and 24 hours
 * @param clockSkew   how far {@code iat}/{@code nbf} may lie in the future, between 0 and 5 minutes
 */
public record IdentitySettings(String issuer, String resource, String trustDomain, Duration maxTokenTtl,
                               Duration clockSkew) {

  /** The clock skew used when none is configured. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  /** The largest configurable token lifetime: tokens are meant to be short-lived. */
  public static final Duration LONGEST_TOKEN_TTL = Duration.ofHours(24);
  /** The largest configurable clock skew. */
  public static final Duration LARGEST_CLOCK_SKEW = Duration.ofMinutes(5);

  public IdentitySettings {
    var errors = new ArrayList<String>();
    checkIssuer(issuer, errors);
    checkResource(resource, errors);
    if (trustDomain == null || !AgentSubject.isTrustDomain(trustDomain)) {
      errors.add("trustDomain must be a SPIFFE trust domain of lowercase letters, digits, '.', '-' or '_' "
          + "(at most 255 characters), was " + quoted(trustDomain));
    }
    if (maxTokenTtl == null || maxTokenTtl.compareTo(Duration.ofSeconds(1)) < 0
        || maxTokenTtl.compareTo(LONGEST_TOKEN_TTL) > 0) {
      errors.add("maxTokenTtl must be between PT1S and " + LONGEST_TOKEN_TTL + ", was " + maxTokenTtl);
    }
    if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(LARGEST_CLOCK_SKEW) > 0) {
      errors.add("clockSkew must be between PT0S and " + LARGEST_CLOCK_SKEW + ", was " + clockSkew);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid identity settings: " + String.join("; ", errors));
    }
  }

  /** Settings with the {@linkplain #DEFAULT_CLOCK_SKEW default clock skew}. */
  public IdentitySettings(String issuer, String resource, String trustDomain, Duration maxTokenTtl) {
    this(issuer, resource, trustDomain, maxTokenTtl, DEFAULT_CLOCK_SKEW);
  }

  private static void checkIssuer(String issuer, List<String> errors) {
    URI uri = parse(issuer);
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null
        || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      errors.add("issuer must be an absolute http(s) URL without query or fragment, was " + quoted(issuer));
    }
  }

  private static void checkResource(String resource, List<String> errors) {
    URI uri = parse(resource);
    if (uri == null || !uri.isAbsolute() || uri.getRawFragment() != null) {
      errors.add("resource must be an absolute URI without fragment, was " + quoted(resource));
    }
  }

  private static URI parse(String value) {
    if (value == null || value.isBlank()) return null;
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
