package dev.portcullis.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The checked claims of an agent access token.
 *
 * <p>{@link #check} verifies, in order: {@code iss} is exactly our issuer; {@code aud} is exactly
 * our resource, as a string or a one-element array; {@code exp} is present and in the future (no
 * skew: the gateway issued it and never extends it); {@code nbf} (when present) and {@code iat}
 * (required) are not in the future beyond the skew; {@code exp - iat} is positive and no longer
 * than the configured maximum; {@code sub} is an agent or instance URI of our trust domain and
 * names the same agent as {@code client_id}; {@code jti} is present; and the key binding matches
 * the subject — an instance token carries {@code cnf.jkt}, an agent credential carries no
 * {@code cnf} (the gateway issues no other combination).
 *
 * @param agentId    the agent id ({@code client_id})
 * @param subject    the agent's or instance's workload identity ({@code sub})
 * @param instanceId the instance id for an instance token, {@code null} for an agent credential
 * @param jkt        the thumbprint of the key the token is bound to ({@code cnf.jkt}), or {@code null}
 * @param tokenId    the token id ({@code jti})
 * @param expiresAt  the expiry ({@code exp})
 */
record AccessTokenClaims(String agentId, String subject, String instanceId, String jkt, String tokenId,
                         Instant expiresAt) {
  /** The longest {@code jti} accepted. */
  static final int MAX_TOKEN_ID_LENGTH = 128;
  /** A base64url SHA-256 thumbprint, unpadded. */
  private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** Checks the claims of a token whose signature has been verified. */
  static AccessTokenClaims check(Map<String, Object> claims, IdentitySettings settings, AgentSubject subjects,
                                 Instant now) {
    if (!Objects.equals(settings.issuer(), claims.get("iss"))) {
      throw Rejection.of("token issuer (iss) is not this gateway");
    }
    checkAudience(claims.get("aud"), settings.resource());

    Instant exp = time(claims, "exp");
    if (exp == null) throw Rejection.of("token has no expiry (exp)");
    if (!now.isBefore(exp)) throw Rejection.of("token has expired");
    Instant latest = now.plus(settings.clockSkew());
    Instant nbf = time(claims, "nbf");
    if (nbf != null && nbf.isAfter(latest)) throw Rejection.of("token is not valid yet (nbf)");
    Instant iat = time(claims, "iat");
    if (iat == null) throw Rejection.of("token has no issue time (iat)");
    if (iat.isAfter(latest)) throw Rejection.of("token is issued in the future (iat)");
    if (!exp.isAfter(iat)) throw Rejection.of("token expires before it was issued");
    if (Duration.between(iat, exp).compareTo(settings.maxTokenTtl()) > 0) {
      throw Rejection.of("token lifetime exceeds the maximum of " + settings.maxTokenTtl());
    }

    if (!(claims.get("sub") instanceof String subject)) throw Rejection.of("token has no subject (sub)");
    var instance = subjects.instance(subject);
    String agentId = instance.map(AgentSubject.InstanceName::agentId).or(() -> subjects.agentId(subject))
        .orElseThrow(() -> Rejection.of("token subject (sub) is not an agent of this trust domain"));
    if (!agentId.equals(claims.get("client_id"))) {
      throw Rejection.of("token subject (sub) and client_id name different agents");
    }
    if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > MAX_TOKEN_ID_LENGTH) {
      throw Rejection.of("token has no valid id (jti)");
    }
    String jkt = confirmationKey(claims.get("cnf"));
    if (instance.isPresent() != (jkt != null)) {
      throw Rejection.of("token key binding (cnf) does not match its subject: instance tokens are bound, "
          + "agent credentials are not");
    }
    return new AccessTokenClaims(agentId, subject, instance.map(AgentSubject.InstanceName::instanceId).orElse(null),
        jkt, jti, exp);
  }

  /** Whether this is an instance token, bound to the instance's key. */
  boolean isBound() { return jkt != null; }

  /**
   * The {@code jkt} of a {@code cnf} claim (RFC 9449 §6.1), {@code null} when there is none; a
   * {@code cnf} of any other shape is refused rather than ignored.
   */
  static String confirmationKey(Object cnf) {
    if (cnf == null) return null;
    if (!(cnf instanceof Map<?, ?> map) || map.size() != 1 || !(map.get("jkt") instanceof String jkt)
        || !THUMBPRINT.matcher(jkt).matches()) {
      throw Rejection.of("token key binding (cnf) is not a single SHA-256 key thumbprint (jkt)");
    }
    return jkt;
  }

  private static void checkAudience(Object aud, String resource) {
    if (aud instanceof List<?> list) {
      if (list.size() != 1) throw Rejection.of("token must name exactly one audience (aud)");
      aud = list.getFirst();
    }
    if (!resource.equals(aud)) throw Rejection.of("token audience (aud) is not this gateway");
  }

  private static Instant time(Map<String, Object> claims, String name) {
    return ClaimValues.instant(claims, name, "token");
  }
}
