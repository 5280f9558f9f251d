package dev.portcullis.identity.idp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.util.List;

/**
 * Verifies a user token's signature with a provider key that fits the token's algorithm.
 *
 * <p>A key fits when its type belongs to the algorithm (RSA for {@code RS*}/{@code PS*}, EC on the
 * algorithm's own curve for {@code ES*}), its {@code alg}, {@code use} and {@code key_ops} — when
 * the provider sets them — allow this use, and an RSA key has at least 2048 bits. So a token signed
 * with one key type cannot be checked against another, whatever its header claims.
 */
final class Signatures {
  /** The smallest RSA modulus accepted, in bits. */
  static final int MIN_RSA_BITS = 2048;

  private Signatures() {}

  /** Refuses the token unless one of {@code candidates} fits its algorithm and verifies its signature. */
  static void verify(TokenParts token, TokenHeader header, List<JWK> candidates) {
    JWSVerifier verifier = candidates.stream()
        .map(key -> verifierFor(key, header.algorithm()))
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElseThrow(() -> IdpRejection.of(
            "the identity provider's key with this key id (kid) does not fit the user token's algorithm"));
    boolean valid;
    try {
      valid = verifier.verify(header.parsed(), token.signingInput(), new Base64URL(token.signature()));
    } catch (JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) throw IdpRejection.of("user token signature is invalid");
  }

  /** A verifier of {@code algorithm} with {@code key}, or {@code null} when the key does not fit. */
  private static JWSVerifier verifierFor(JWK key, JWSAlgorithm algorithm) {
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(algorithm.getName())) return null;
    if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) return null;
    try {
      if (JWSAlgorithm.Family.RSA.contains(algorithm) && key instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
        return new RSASSAVerifier(rsa);
      }
      if (JWSAlgorithm.Family.EC.contains(algorithm) && key instanceof ECKey ec
          && Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve())) {
        return new ECDSAVerifier(ec);
      }
    } catch (JOSEException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
