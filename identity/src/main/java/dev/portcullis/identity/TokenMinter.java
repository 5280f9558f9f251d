package dev.portcullis.identity;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs the tokens the token service mints — instance tokens ({@code at+jwt} bound to an instance
 * key) and delegation tokens ({@code dlg+jwt}) — with the gateway's current key, and makes the
 * random ids they carry.
 *
 * <p>A minted token must pass the gateway's own size limit ({@link CompactJws#MAX_LENGTH});
 * one that would not is refused here rather than handed out to fail on every call.
 */
final class TokenMinter {
  private final IdentitySettings settings;
  private final SigningKeys keys;
  private final SecureRandom random = new SecureRandom();

  TokenMinter(IdentitySettings settings, SigningKeys keys) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** An instance token: the agent's credential exchanged for a short-lived token bound to the instance key. */
  IssuedToken instanceToken(String agentId, String subject, String jkt, Instant now, Instant expiresAt) {
    String tokenId = newId();
    var claims = new LinkedHashMap<String, Object>();
    claims.put("iss", settings.issuer());
    claims.put("sub", subject);
    claims.put("aud", settings.resource());
    claims.put("client_id", agentId);
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("jti", tokenId);
    claims.put("cnf", Map.of("jkt", jkt));
    return new IssuedToken(sign(AgentTokenIssuer.TOKEN_TYPE, claims), expiresAt, tokenId);
  }

  /** A delegation token with these claims. */
  IssuedToken delegationToken(DelegationClaims claims) {
    return new IssuedToken(sign(DelegationClaims.TOKEN_TYPE, claims.toJson(settings.issuer())), claims.expiresAt(),
        claims.tokenId());
  }

  /** A random 128-bit id, base64url: for {@code jti} and {@code txn}. */
  String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A random 72-bit instance id, base64url (12 characters). */
  String newInstanceId() {
    byte[] bytes = new byte[9];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String sign(String type, Map<String, Object> claims) {
    String token = keys.sign(type, claims);
    if (token.length() > CompactJws.MAX_LENGTH) {
      throw new IllegalArgumentException("the " + type + " token would exceed " + CompactJws.MAX_LENGTH + " characters");
    }
    return token;
  }
}
