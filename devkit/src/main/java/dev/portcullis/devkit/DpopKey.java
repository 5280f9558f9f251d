package dev.portcullis.devkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.UUID;

/**
 * An agent instance's own P-256 key, which never leaves it, and the DPoP proofs (RFC 9449) it signs
 * with it: one per request, naming the method and the URL (without query or fragment) and, when
 * the request carries an access token, its hash ({@code ath}), so the gateway can tell that whoever
 * presents a bound token holds the key. For the demo's and the benchmarks' agents.
 */
public final class DpopKey {
  private final ECKey key;

  private DpopKey(ECKey key) { this.key = key; }

  /** A fresh key. */
  public static DpopKey generate() {
    try {
      return new DpopKey(new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
  }

  /** The public half, as a JWK. */
  public ECKey publicKey() { return key.toPublicJWK(); }

  /** A proof for one request; {@code accessToken} is the token the request carries, or {@code null}. */
  public String proof(String method, String url, String accessToken) {
    var claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method)
        .claim("htu", withoutQuery(url)).issueTime(new Date());
    if (accessToken != null) claims.claim("ath", Base64URL.encode(sha256(accessToken)).toString());
    var header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build();
    var jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a DPoP proof", e);
    }
    return jwt.serialize();
  }

  private static String withoutQuery(String url) {
    int cut = url.length();
    int query = url.indexOf('?');
    int fragment = url.indexOf('#');
    if (query >= 0) cut = query;
    if (fragment >= 0 && fragment < cut) cut = fragment;
    return url.substring(0, cut);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
