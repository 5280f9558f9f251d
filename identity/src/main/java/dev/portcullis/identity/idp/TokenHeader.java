package dev.portcullis.identity.idp;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checked protected header of a user token.
 *
 * <p>{@link #check} refuses, before any key is looked up: an unsigned token ({@code alg none}) and
 * shared-secret algorithms ({@code HS*}, which a public key must never be used as); any parameter
 * that could bring its own key or point at one ({@code jku, jwk, x5u, x5c}) — keys come only from
 * the provider's key set, by {@code kid}; critical extensions ({@code crit}), of which none is
 * understood; nested tokens ({@code cty}); and a {@code typ} other than absent, {@code JWT} or
 * {@code at+jwt} (RFC 9068), which keeps DPoP proofs, delegation tokens, transaction tokens, logout
 * tokens and the like from passing as access tokens. Other parameters, such as Entra ID's
 * {@code x5t} thumbprint, are ignored.
 *
 * @param algorithm the signature algorithm named in the header (not yet checked against the provider)
 * @param keyId     the key id ({@code kid})
 * @param parsed    the header as Nimbus reads it, for signature verification
 */
record TokenHeader(JWSAlgorithm algorithm, String keyId, JWSHeader parsed) {
  /** The longest key id accepted. */
  static final int MAX_KEY_ID_LENGTH = 256;

  private static final Set<String> FORBIDDEN_PARAMETERS = Set.of("jku", "jwk", "x5u", "x5c", "crit", "cty");
  private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("jwt", "at+jwt");

  /** Checks a decoded header; {@code encoded} is its base64url form as it appears in the token. */
  static TokenHeader check(Map<String, Object> header, String encoded) {
    if (!(header.get("alg") instanceof String alg) || alg.isEmpty()) {
      throw IdpRejection.of("user token header has no algorithm (alg)");
    }
    if (alg.equalsIgnoreCase("none")) throw IdpRejection.of("unsigned tokens (alg none) are not accepted");
    if (alg.regionMatches(true, 0, "HS", 0, 2)) {
      throw IdpRejection.of("shared-secret algorithms (HS256, HS384, HS512) are not accepted for user tokens");
    }
    for (String parameter : header.keySet()) {
      if (FORBIDDEN_PARAMETERS.contains(parameter)) {
        throw IdpRejection.of("user token header must not carry '" + parameter + "'");
      }
    }
    if (header.containsKey("typ") && !isAccessTokenType(header.get("typ"))) {
      throw IdpRejection.of("user token type (typ) must be absent, JWT or at+jwt");
    }
    if (!(header.get("kid") instanceof String kid) || kid.isEmpty() || kid.length() > MAX_KEY_ID_LENGTH) {
      throw IdpRejection.of("user token header has no valid key id (kid)");
    }
    JWSHeader parsed;
    try {
      parsed = JWSHeader.parse(header, new Base64URL(encoded));
    } catch (ParseException | RuntimeException e) {
      throw IdpRejection.of("user token header is malformed");
    }
    return new TokenHeader(JWSAlgorithm.parse(alg), kid, parsed);
  }

  /** {@code typ} compared as a media type: case-insensitive, with or without {@code application/}. */
  private static boolean isAccessTokenType(Object typ) {
    if (!(typ instanceof String type)) return false;
    String lower = type.toLowerCase(Locale.ROOT);
    if (lower.startsWith("application/")) lower = lower.substring("application/".length());
    return ACCESS_TOKEN_TYPES.contains(lower);
  }
}
