package dev.portcullis.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DPoP proofs the way a client — honest or not — would: for a key of its own (EC P-256 by
 * default, or Ed25519), with any header and claims. Proofs are issued at the clock's time.
 */
final class ProofForge {
  static final String MCP_URL = "https://gw.example.com/mcp/bank";
  static final String TOKEN_URL = "https://gw.example.com/oauth/token";

  final ECKey key;
  private final TestClock clock;
  private final KeyPair edKey;

  /** A forge with a fresh EC P-256 key. */
  ProofForge(TestClock clock) {
    this(clock, TokenForge.newEcKey(), null);
  }

  private ProofForge(TestClock clock, ECKey key, KeyPair edKey) {
    this.clock = clock;
    this.key = key;
    this.edKey = edKey;
  }

  /** A forge signing EdDSA proofs with a fresh Ed25519 key. */
  static ProofForge ed25519(TestClock clock) {
    try {
      return new ProofForge(clock, null, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The thumbprint of this forge's key. */
  String jkt() {
    try {
      return key != null ? key.computeThumbprint().toString()
          : new OctetKeyPair.Builder(Curve.Ed25519,
              Base64URL.encode(edPublicBytes())).build().computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK of this forge's key, as a header carries it. */
  Map<String, Object> jwk() {
    if (key != null) return new LinkedHashMap<>(key.toPublicJWK().toJSONObject());
    var jwk = new LinkedHashMap<String, Object>();
    jwk.put("kty", "OKP");
    jwk.put("crv", "Ed25519");
    jwk.put("x", Base64URL.encode(edPublicBytes()).toString());
    return jwk;
  }

  /** The header of a valid proof. */
  Map<String, Object> header() {
    var header = new LinkedHashMap<String, Object>();
    header.put("typ", "dpop+jwt");
    header.put("alg", key != null ? "ES256" : "EdDSA");
    header.put("jwk", jwk());
    return header;
  }

  /** The claims of a valid proof for this request, with {@code ath} when {@code accessToken} is given. */
  Map<String, Object> claims(String method, String url, String accessToken) {
    var claims = new LinkedHashMap<String, Object>();
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("htm", method);
    claims.put("htu", url);
    claims.put("iat", clock.instant().getEpochSecond());
    if (accessToken != null) claims.put("ath", DpopVerifier.tokenHash(accessToken));
    return claims;
  }

  /** A valid proof for this request. */
  String proof(String method, String url, String accessToken) {
    return sign(header(), claims(method, url, accessToken));
  }

  /** A valid proof for a POST to the MCP endpoint with this token. */
  String mcp(String accessToken) { return proof("POST", MCP_URL, accessToken); }

  /** A valid proof for a POST to the token endpoint. */
  String tokenRequest() { return proof("POST", TOKEN_URL, null); }

  /** A proof with these header and claims, signed with this forge's key. */
  String sign(Map<String, Object> header, Map<String, Object> claims) {
    String input = TokenForge.encode(header) + "." + TokenForge.encode(claims);
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    try {
      if (key != null) {
        return input + "." + new ECDSASigner(key).sign(new JWSHeader(JWSAlgorithm.ES256), bytes);
      }
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(edKey.getPrivate());
      signer.update(bytes);
      return input + "." + Base64URL.encode(signer.sign());
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] edPublicBytes() {
    byte[] encoded = edKey.getPublic().getEncoded();
    return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
  }
}
