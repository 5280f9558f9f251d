package dev.portcullis.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a compact JWS signed by one of our own keys and returns its payload once the header and
 * signature have passed; what the claims mean is the caller's business.
 *
 * <p>The checks run cheapest first, so that junk never reaches cryptography: structure and size
 * ({@link CompactJws}), then the header — algorithm exactly ES256, type exactly the expected one,
 * no parameter that could point at another key ({@code jwk, jku, x5u, x5c}) or demand extensions
 * ({@code crit}), nothing outside {@code alg, typ, kid}, and a {@code kid} naming one of our keys —
 * then the signature length, and only then the ECDSA verification. Keys are looked up by id in
 * memory, never by a path or URL taken from the token.
 *
 * <p>A reader may accept several types (the MCP endpoint takes both access and delegation tokens);
 * {@link #verify} says which one a token had, so its claims are checked by the right rules. The
 * type is covered by the signature, so one type can never be passed off as another.
 */
final class SignedTokenReader {
  private static final String ALGORITHM = "ES256";
  private static final int ES256_SIGNATURE_BYTES = 64;
  private static final Set<String> FOREIGN_KEY_PARAMETERS = Set.of("jwk", "jku", "x5u", "x5c", "crit");
  private static final Set<String> ALLOWED_PARAMETERS = Set.of("alg", "typ", "kid");

  private final SigningKeys keys;
  private final List<String> expectedTypes;
  private final String typeRule;

  /** A reader of tokens whose {@code typ} is one of {@code expectedTypes}. */
  SignedTokenReader(SigningKeys keys, String... expectedTypes) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.expectedTypes = List.of(expectedTypes);
    if (this.expectedTypes.isEmpty()) throw new IllegalArgumentException("at least one token type is expected");
    this.typeRule = "token type (typ) must be " + String.join(" or ", this.expectedTypes);
  }

  /** The verified claims of a token, or a {@link dev.portcullis.core.GatewayException} saying why not. */
  Map<String, Object> read(String token) {
    return verify(token).claims();
  }

  /** The verified type and claims of a token, or a {@link dev.portcullis.core.GatewayException} saying why not. */
  Verified verify(String token) {
    CompactJws jws = CompactJws.split(token);
    Map<String, Object> header = jws.headerJson();
    ECDSAVerifier verifier = checkHeader(header);
    byte[] signature = jws.signatureBytes();
    if (signature.length != ES256_SIGNATURE_BYTES) {
      throw Rejection.of("token signature is not an ES256 signature");
    }
    // Bound the payload before any cryptography; it is interpreted only after verification.
    Map<String, Object> claims = jws.payloadJson();
    verifySignature(verifier, header, jws, signature);
    return new Verified((String) header.get("typ"), claims);
  }

  /**
   * A token that passed: its type, one of the expected ones, and its claims.
   *
   * @param type   the header's {@code typ}
   * @param claims the payload
   */
  record Verified(String type, Map<String, Object> claims) {}

  private ECDSAVerifier checkHeader(Map<String, Object> header) {
    Object alg = header.get("alg");
    if (alg instanceof String name && name.equalsIgnoreCase("none")) {
      throw Rejection.of("unsigned tokens (alg none) are not accepted");
    }
    if (!ALGORITHM.equals(alg)) throw Rejection.of("token algorithm must be " + ALGORITHM);
    if (!(header.get("typ") instanceof String typ) || !expectedTypes.contains(typ)) throw Rejection.of(typeRule);
    for (String parameter : header.keySet()) {
      if (FOREIGN_KEY_PARAMETERS.contains(parameter)) {
        throw Rejection.of("token header must not carry '" + parameter + "'");
      }
      if (!ALLOWED_PARAMETERS.contains(parameter)) {
        throw Rejection.of("token header carries a parameter other than alg, typ and kid");
      }
    }
    if (!(header.get("kid") instanceof String kid) || kid.isEmpty()) {
      throw Rejection.of("token header has no key id (kid)");
    }
    return keys.verifier(kid).orElseThrow(() -> Rejection.of("token key id is not one of this gateway's keys"));
  }

  private static void verifySignature(ECDSAVerifier verifier, Map<String, Object> header, CompactJws jws,
                                      byte[] signature) {
    boolean valid;
    try {
      JWSHeader parsed = JWSHeader.parse(header, new Base64URL(jws.header()));
      valid = verifier.verify(parsed, jws.signingInput(), Base64URL.encode(signature));
    } catch (ParseException | JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) throw Rejection.of("token signature is invalid");
  }
}
