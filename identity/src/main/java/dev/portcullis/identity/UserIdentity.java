package dev.portcullis.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user as proven by a token from the organisation's identity provider, after the token's
 * issuer, signature, type, audience and lifetime have been checked.
 *
 * @param issuer    the identity provider ({@code iss}), one of the configured ones
 * @param subject   the user at that provider ({@code sub})
 * @param audience  the token's audiences (one of them is Portcullis)
 * @param expiresAt when the user's token expires; nothing derived from it may outlive it
 * @param tokenId   the token's {@code jti}, or {@code null} when the provider sets none
 * @param mayAct    the token's {@code may_act} claim (RFC 8693 §4.4), or {@code null}
 * @param claims    the other claims policy may see (name, email, groups, roles, ...); never the token
 * @param authorizationDetails the token's RFC 9396 {@code authorization_details} (what the user
 *                  consented to at the identity provider), copied within bounds, or {@code null}
 *                  when the token carries none
 */
public record UserIdentity(String issuer, String subject, List<String> audience, Instant expiresAt, String tokenId,
                           Map<String, Object> mayAct, Map<String, Object> claims, List<Object> authorizationDetails) {
  public UserIdentity {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    audience = List.copyOf(audience);
    Objects.requireNonNull(expiresAt, "expiresAt");
    claims = Map.copyOf(claims);
    if (authorizationDetails != null) authorizationDetails = List.copyOf(authorizationDetails);
  }

  /** A user whose token carries no authorization details. */
  public UserIdentity(String issuer, String subject, List<String> audience, Instant expiresAt, String tokenId,
                      Map<String, Object> mayAct, Map<String, Object> claims) {
    this(issuer, subject, audience, expiresAt, tokenId, mayAct, claims, null);
  }

  /** The user as one string, {@code <issuer>#<subject>}, as revocations name users. */
  public String key() { return issuer + "#" + subject; }
}
