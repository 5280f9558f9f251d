package dev.portcullis.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * The public key a DPoP proof carries in its {@code jwk} header, checked before it is trusted with
 * anything: public members only, of the key type the algorithm needs, on its curve.
 *
 * <p>Two algorithms are accepted: ES256 (EC P-256) and EdDSA (OKP Ed25519). Ed25519 is verified
 * with the JDK's own provider, so no further cryptography library is needed. The key's RFC 7638
 * thumbprint ({@code jkt}) is what tokens are bound to.
 */
final class ProofKey {
  static final String ES256 = "ES256";
  static final String EDDSA = "EdDSA";

  private static final int SIGNATURE_BYTES = 64;
  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
  private static final Set<String> EC_MEMBERS = Set.of("kty", "crv", "x", "y");
  private static final Set<String> OKP_MEMBERS = Set.of("kty", "crv", "x");
  /** Members a key may carry that change nothing here (browsers' exported keys have {@code key_ops, ext}). */
  private static final Set<String> IGNORED_MEMBERS = Set.of("kid", "alg", "use", "key_ops", "ext");
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32-byte key. */
  private static final byte[] ED25519_SPKI_PREFIX = {
      0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final String algorithm;
  private final PublicKey publicKey;
  private final String thumbprint;
  private final String publicJwk;

  private ProofKey(String algorithm, PublicKey publicKey, JWK jwk) throws JOSEException {
    this.algorithm = algorithm;
    this.publicKey = publicKey;
    this.thumbprint = jwk.computeThumbprint().toString();
    this.publicJwk = JSONObjectUtils.toJSONString(jwk.toPublicJWK().getRequiredParams());
  }

  /**
   * The key in a proof header's {@code jwk} member, for a proof signed with {@code algorithm}
   * (already known to be ES256 or EdDSA).
   */
  static ProofKey of(Object jwkMember, String algorithm) {
    if (!(jwkMember instanceof Map<?, ?> raw)) throw Rejection.of("DPoP proof header has no public key (jwk)");
    @SuppressWarnings("unchecked")
    Map<String, Object> members = (Map<String, Object>) raw;
    for (String member : members.keySet()) {
      if (PRIVATE_MEMBERS.contains(member)) throw Rejection.of("DPoP proof key (jwk) must not carry private key members");
    }
    Object alg = members.get("alg");
    if (alg != null && !algorithm.equals(alg)) throw Rejection.of("DPoP proof key (jwk) is for another algorithm");
    Object use = members.get("use");
    if (use != null && !"sig".equals(use)) throw Rejection.of("DPoP proof key (jwk) is not a signing key");
    boolean ec = ES256.equals(algorithm);
    if (ec && !("EC".equals(members.get("kty")) && "P-256".equals(members.get("crv")))) {
      throw Rejection.of("DPoP proof key (jwk) must be an EC P-256 key for ES256");
    }
    if (!ec && !("OKP".equals(members.get("kty")) && "Ed25519".equals(members.get("crv")))) {
      throw Rejection.of("DPoP proof key (jwk) must be an OKP Ed25519 key for EdDSA");
    }
    Set<String> required = ec ? EC_MEMBERS : OKP_MEMBERS;
    for (String member : members.keySet()) {
      if (!required.contains(member) && !IGNORED_MEMBERS.contains(member)) {
        throw Rejection.of("DPoP proof key (jwk) carries an unexpected member");
      }
    }
    try {
      return ec ? ecKey(members) : edKey(members);
    } catch (ParseException | JOSEException | GeneralSecurityException | RuntimeException e) {
      throw Rejection.of("DPoP proof key (jwk) is not a valid " + (ec ? "EC P-256" : "Ed25519")
          + " public key");
    }
  }

  private static ProofKey ecKey(Map<String, Object> members) throws ParseException, JOSEException {
    // Parsing checks that the point lies on the curve (no invalid-curve keys).
    ECKey key = ECKey.parse(Map.of("kty", "EC", "crv", "P-256", "x", members.get("x"), "y", members.get("y")));
    return new ProofKey(ES256, key.toECPublicKey(), key);
  }

  private static ProofKey edKey(Map<String, Object> members)
      throws ParseException, JOSEException, GeneralSecurityException {
    OctetKeyPair key = OctetKeyPair.parse(Map.of("kty", "OKP", "crv", "Ed25519", "x", members.get("x")));
    if (!Curve.Ed25519.equals(key.getCurve())) throw new ParseException("not Ed25519", 0);
    byte[] x = key.getDecodedX();
    if (x.length != 32) throw new ParseException("Ed25519 keys have 32 bytes", 0);
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
    PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    return new ProofKey(EDDSA, publicKey, key);
  }

  /** The key's RFC 7638 SHA-256 thumbprint, base64url: the {@code jkt} tokens are bound to. */
  String thumbprint() { return thumbprint; }

  /** The key as a JSON Web Key holding its required public members only. */
  String publicJwk() { return publicJwk; }

  /**
   * Refuses a signature that cannot be one of this key's before any cryptography: every signature
   * of both algorithms is 64 bytes, and an ECDSA signature with a zero half is never valid (the
   * "psychic signature" of CVE-2022-21449).
   */
  void checkShape(byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) throw Rejection.of("DPoP proof signature is not an " + algorithm + " signature");
    if (ES256.equals(algorithm) && (allZero(signature, 0, 32) || allZero(signature, 32, 64))) {
      throw Rejection.of("DPoP proof signature is invalid");
    }
  }

  /** Whether {@code signature} is this key's signature over {@code input}. */
  boolean verifies(byte[] input, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(ES256.equals(algorithm) ? "SHA256withECDSAinP1363Format" : "Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(input);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) if (bytes[i] != 0) return false;
    return true;
  }
}
