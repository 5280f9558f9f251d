package dev.portcullis.identity.idp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds users' tokens the way an identity provider — or an attacker — would: any header, any
 * claims, really signed by the key given.
 */
final class UserTokens {
  static final String AUDIENCE = "portcullis";
  static final String SUBJECT = "f3b2c1d0-user";
  static final String TOKEN_ID = "jti-marker-51c2";

  private UserTokens() {}

  static RSAKey rsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A header as Keycloak writes it. */
  static Map<String, Object> header(String alg, String kid) {
    var header = new LinkedHashMap<String, Object>();
    header.put("alg", alg);
    header.put("typ", "JWT");
    header.put("kid", kid);
    return header;
  }

  /** The claims of a Keycloak-style access token issued at {@code now} for five minutes. */
  static Map<String, Object> claims(String issuer, Instant now) {
    long seconds = now.getEpochSecond();
    var claims = new LinkedHashMap<String, Object>();
    claims.put("iss", issuer);
    claims.put("sub", SUBJECT);
    claims.put("aud", List.of(AUDIENCE, "account"));
    claims.put("exp", seconds + 300);
    claims.put("iat", seconds);
    claims.put("jti", TOKEN_ID);
    claims.put("typ", "Bearer");
    claims.put("azp", "agent-console");
    claims.put("scope", "openid email profile");
    claims.put("email", "alice@example.com");
    claims.put("name", "Alice Example");
    claims.put("preferred_username", "alice");
    claims.put("groups", List.of("/finance", "/finance/approvers"));
    claims.put("realm_access", Map.of("roles", List.of("invoice-reader", "offline_access")));
    claims.put("session_state", "not-for-policy");
    return claims;
  }

  /** A token with this header and these claims, signed by {@code key} with the header's algorithm. */
  static String sign(Map<String, Object> header, Map<String, Object> claims, JWK key) {
    JWSAlgorithm alg = JWSAlgorithm.parse((String) header.get("alg"));
    try {
      JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
      return sign(header, claims, signer, alg);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with this header and these claims, signed by {@code signer} with {@code alg}. */
  static String sign(Map<String, Object> header, Map<String, Object> claims, JWSSigner signer, JWSAlgorithm alg) {
    String input = encode(header) + "." + encode(claims);
    try {
      Base64URL signature = signer.sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + signature;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String encode(Map<String, Object> json) {
    return Base64URL.encode(JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
