package dev.portcullis.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds tokens the way an attacker or a sloppy client would: any header, any claims, any
 * signature. Every token it makes is really signed with Nimbus unless a test asks otherwise.
 */
final class TokenForge {
  static final String ISSUER = "https://gw.example.com";
  static final String RESOURCE = "https://gw.example.com/mcp";
  static final String TRUST_DOMAIN = "portcullis.example";
  static final String AGENT = "invoice-bot";
  static final IdentitySettings SETTINGS =
      new IdentitySettings(ISSUER, RESOURCE, TRUST_DOMAIN, Duration.ofMinutes(15), Duration.ofSeconds(30));

  final ECKey key = newEcKey();
  final SigningKeys keys = SigningKeys.of(key, List.of());

  static ECKey newEcKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A header a valid token carries. */
  Map<String, Object> header() {
    var header = new LinkedHashMap<String, Object>();
    header.put("alg", "ES256");
    header.put("typ", "at+jwt");
    header.put("kid", keys.currentKeyId());
    return header;
  }

  /** The claims a valid token carries, issued now for five minutes. */
  Map<String, Object> claims() {
    long now = TestClock.START.getEpochSecond();
    var claims = new LinkedHashMap<String, Object>();
    claims.put("iss", ISSUER);
    claims.put("sub", "spiffe://" + TRUST_DOMAIN + "/agent/" + AGENT);
    claims.put("aud", RESOURCE);
    claims.put("client_id", AGENT);
    claims.put("iat", now);
    claims.put("nbf", now);
    claims.put("exp", now + 300);
    claims.put("jti", "jti-marker-7f3a9c");
    return claims;
  }

  /** A valid token. */
  String valid() { return sign(header(), claims()); }

  /** A token with these header and claims, signed ES256 with our key. */
  String sign(Map<String, Object> header, Map<String, Object> claims) {
    try {
      return sign(header, claims, new ECDSASigner(key), JWSAlgorithm.ES256);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with these header and claims, signed by {@code signer} with {@code alg}. */
  static String sign(Map<String, Object> header, Map<String, Object> claims, JWSSigner signer, JWSAlgorithm alg) {
    String input = encode(header) + "." + encode(claims);
    try {
      Base64URL signature = signer.sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + signature;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with these header and claims and this raw signature. */
  static String withSignature(Map<String, Object> header, Map<String, Object> claims, byte[] signature) {
    return encode(header) + "." + encode(claims) + "." + Base64URL.encode(signature);
  }

  /** The decoded claims of a compact token, to edit. */
  static Map<String, Object> claimsOf(String token) {
    return decode(token.split("\\.")[1]);
  }

  /** The decoded header of a compact token, to edit. */
  static Map<String, Object> headerOf(String token) {
    return decode(token.split("\\.")[0]);
  }

  /** The token with its claims edited and signed again with our key: a token we might have issued. */
  String resign(String token, java.util.function.Consumer<Map<String, Object>> edit) {
    var claims = claimsOf(token);
    edit.accept(claims);
    return sign(headerOf(token), claims);
  }

  /** The token with its claims edited under the original signature. */
  static String edit(String token, java.util.function.Consumer<Map<String, Object>> edit) {
    String[] parts = token.split("\\.");
    var claims = claimsOf(token);
    edit.accept(claims);
    return parts[0] + "." + encode(claims) + "." + parts[2];
  }

  private static Map<String, Object> decode(String part) {
    try {
      return new LinkedHashMap<>(JSONObjectUtils.parse(new Base64URL(part).decodeToString()));
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  static String encode(Map<String, Object> json) {
    return Base64URL.encode(JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
