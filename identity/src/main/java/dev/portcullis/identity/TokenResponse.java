package dev.portcullis.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A token the token endpoint issued (RFC 8693 §2.2.1), with the facts of the exchange for audit.
 * Its {@link #toString()} hides the token.
 *
 * @param accessToken     the token
 * @param issuedTokenType always {@value TokenService#ACCESS_TOKEN_TYPE}
 * @param tokenType       always {@code DPoP}: the token is bound to the caller's key
 * @param expiresIn       seconds until it expires
 * @param facts           agent, instance, user, transaction, task, depth and outcome; never a token
 */
public record TokenResponse(String accessToken, String issuedTokenType, String tokenType, long expiresIn,
                            Map<String, Object> facts) {
  public TokenResponse {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(issuedTokenType, "issuedTokenType");
    Objects.requireNonNull(tokenType, "tokenType");
    facts = Map.copyOf(facts);
  }

  /** The JSON body of the response. */
  public Map<String, Object> body() {
    var body = new LinkedHashMap<String, Object>();
    body.put("access_token", accessToken);
    body.put("issued_token_type", issuedTokenType);
    body.put("token_type", tokenType);
    body.put("expires_in", expiresIn);
    return body;
  }

  @Override
  public String toString() {
    return "TokenResponse[accessToken=<redacted>, issuedTokenType=" + issuedTokenType + ", tokenType=" + tokenType
        + ", expiresIn=" + expiresIn + ", facts=" + facts + "]";
  }
}
