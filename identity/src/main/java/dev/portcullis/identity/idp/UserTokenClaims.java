package dev.portcullis.identity.idp;

import dev.portcullis.identity.UserIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the claims of a user token whose signature has been verified and turns them into a
 * {@link UserIdentity}.
 *
 * <p>In order: the token is an access token — unless the provider is configured to accept ID
 * tokens, a claim {@code typ} of {@code ID} (Keycloak's mark) or an {@code at_hash}/{@code c_hash}
 * (which only ID tokens carry) refuses it, and so do Keycloak's refresh and logout types;
 * {@code aud}, a string or an array of strings, names one of the provider's accepted audiences;
 * {@code exp} is present and in the future (no skew: a token is not extended); {@code nbf} and
 * {@code iat}, when present, are not in the future beyond the skew; {@code sub} is a non-empty
 * string; {@code jti}, when present, is a string; {@code may_act}, when present, is an object;
 * {@code authorization_details}, when present, is an array (copied within the same bounds).
 * The claims policy sees are copied within {@link BoundedCopy}'s bounds; a configured claim that
 * is too large refuses the token rather than being dropped, since policy that tests for the
 * absence of a group must not be fooled by its removal.
 */
final class UserTokenClaims {
  /** The longest {@code sub} or {@code jti} accepted. */
  static final int MAX_IDENTIFIER_LENGTH = 1024;

  /** Claim {@code typ} values that mark a token as something other than an access token (Keycloak). */
  private static final Set<String> NON_ACCESS_TYPES = Set.of("refresh", "offline", "logout");

  private UserTokenClaims() {}

  /** The user a verified token of {@code provider} proves at {@code now}. */
  static UserIdentity check(Map<String, Object> claims, OidcProvider provider, Instant now) {
    checkTokenKind(claims, provider);
    List<String> audience = audience(claims.get("aud"));
    if (audience.stream().noneMatch(provider.audiences()::contains)) {
      throw IdpRejection.of("user token audience (aud) does not name this gateway");
    }

    Instant exp = time(claims, "exp");
    if (exp == null) throw IdpRejection.of("user token has no expiry (exp)");
    if (!now.isBefore(exp)) throw IdpRejection.of("user token has expired");
    Instant latest = now.plus(provider.clockSkew());
    Instant nbf = time(claims, "nbf");
    if (nbf != null && nbf.isAfter(latest)) throw IdpRejection.of("user token is not valid yet (nbf)");
    Instant iat = time(claims, "iat");
    if (iat != null && iat.isAfter(latest)) throw IdpRejection.of("user token is issued in the future (iat)");

    if (!(claims.get("sub") instanceof String subject) || subject.isEmpty()
        || subject.length() > MAX_IDENTIFIER_LENGTH) {
      throw IdpRejection.of("user token has no valid subject (sub)");
    }
    Object jti = claims.get("jti");
    if (jti != null && (!(jti instanceof String id) || id.isEmpty() || id.length() > MAX_IDENTIFIER_LENGTH)) {
      throw IdpRejection.of("user token id (jti) is not a valid string");
    }
    return new UserIdentity(provider.issuer(), subject, audience, exp, (String) jti, mayAct(claims.get("may_act")),
        policyClaims(claims, provider.policyClaims()), authorizationDetails(claims.get("authorization_details")));
  }

  /*
   * The RFC 9396 authorization details the provider put in the token, copied within bounds. What
   * they mean is the delegation's business; here they only have to be a bounded array.
   */
  @SuppressWarnings("unchecked")
  private static List<Object> authorizationDetails(Object details) {
    if (details == null) return null;
    if (!(details instanceof List<?>)) throw IdpRejection.of("user token claim authorization_details is not an array");
    Object copy = BoundedCopy.of(details);
    if (copy == null) throw IdpRejection.of("user token claim authorization_details is too large or nested too deeply");
    return (List<Object>) copy;
  }

  private static void checkTokenKind(Map<String, Object> claims, OidcProvider provider) {
    Object typ = claims.get("typ");
    String kind = typ instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
    if (typ != null && kind == null) throw IdpRejection.of("user token claim typ is not a string");
    if (kind != null && NON_ACCESS_TYPES.contains(kind)) {
      throw IdpRejection.of("user token is a refresh or logout token, not an access token");
    }
    if (provider.acceptIdTokens()) return;
    if ("id".equals(kind) || claims.containsKey("at_hash") || claims.containsKey("c_hash")) {
      throw IdpRejection.of("ID tokens are not accepted in place of access tokens");
    }
  }

  private static List<String> audience(Object aud) {
    if (aud instanceof String single && !single.isEmpty()) return List.of(single);
    if (!(aud instanceof List<?> list) || list.isEmpty()) throw IdpRejection.of("user token has no audience (aud)");
    if (list.size() > BoundedCopy.MAX_ENTRIES) {
      throw IdpRejection.of("user token names more than " + BoundedCopy.MAX_ENTRIES + " audiences (aud)");
    }
    var audiences = new ArrayList<String>(list.size());
    for (Object element : list) {
      if (!(element instanceof String value)) {
        throw IdpRejection.of("user token audience (aud) must be a string or an array of strings");
      }
      audiences.add(value);
    }
    return audiences;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mayAct(Object mayAct) {
    if (mayAct == null) return null;
    if (!(mayAct instanceof Map<?, ?>)) throw IdpRejection.of("user token claim may_act is not an object");
    Object copy = BoundedCopy.of(mayAct);
    if (copy == null) throw IdpRejection.of("user token claim may_act is too large or nested too deeply");
    return (Map<String, Object>) copy;
  }

  private static Map<String, Object> policyClaims(Map<String, Object> claims, Map<String, String> selection) {
    var copied = new LinkedHashMap<String, Object>();
    for (var entry : selection.entrySet()) {
      Object value = lookup(claims, entry.getValue());
      if (value == null) continue;
      Object copy = BoundedCopy.of(value);
      if (copy == null) {
        throw IdpRejection.of("user token claim '" + entry.getKey() + "' is too large or nested too deeply for policy");
      }
      copied.put(entry.getKey(), copy);
    }
    return copied;
  }

  /**
   * The value at {@code path}: a member of that exact name when there is one (claim names such as
   * Entra ID's may contain dots), else the dotted path followed through nested objects.
   */
  private static Object lookup(Map<String, Object> claims, String path) {
    if (claims.containsKey(path)) return claims.get(path);
    Object current = claims;
    for (String step : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> object)) return null;
      current = object.get(step);
    }
    return current;
  }

  /** A NumericDate claim (seconds since the epoch), or {@code null} when absent. */
  private static Instant time(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null) return null;
    if (!(value instanceof Number number)) throw IdpRejection.of("user token claim " + name + " is not a number");
    double seconds = number.doubleValue();
    if (!Double.isFinite(seconds) || seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      throw IdpRejection.of("user token claim " + name + " is out of range");
    }
    return Instant.ofEpochSecond((long) seconds);
  }
}
