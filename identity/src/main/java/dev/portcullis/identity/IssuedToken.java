package dev.portcullis.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token Portcullis issued to an agent. Its {@link #toString()} hides the token.
 *
 * @param token     the compact, signed JWT to send as {@code Authorization: Bearer <token>}
 * @param expiresAt when the token expires (its {@code exp})
 * @param tokenId   the token's {@code jti}, for audit and revocation
 */
public record IssuedToken(String token, Instant expiresAt, String tokenId) {
  public IssuedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(tokenId, "tokenId");
  }

  @Override
  public String toString() {
    return "IssuedToken[token=<redacted>, expiresAt=" + expiresAt + ", tokenId=" + tokenId + "]";
  }
}
