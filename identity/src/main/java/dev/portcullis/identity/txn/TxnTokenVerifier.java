package dev.portcullis.identity.txn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies transaction tokens as a backend receives them: for backends written in Java and for
 * tests that check what a backend was sent.
 *
 * <p>A token passes when it is a compact JWS of at most {@link TxnTokenIssuer#MAX_TOKEN_LENGTH}
 * characters whose header is exactly {@code alg ES256}, {@code typ txntoken+jwt} and a {@code kid}
 * naming an EC P-256 key of the given JWK set (and nothing else: no {@code jwk}, {@code jku},
 * {@code x5u}, {@code x5c} or {@code crit}), whose signature verifies with that key, and whose
 * claims say it is current ({@code exp} in the future, {@code iat} not ahead of the clock by more
 * than {@link #CLOCK_SKEW}, a lifetime of at most {@link TxnTokenIssuer#MAX_TTL}), for this backend
 * ({@code aud}), and name a subject and a transaction. Refusals are {@link GatewayException}s with
 * {@link GatewayError.Unauthenticated} and fixed reasons that quote nothing of the token.
 */
public final class TxnTokenVerifier {
  /** How far a token's {@code iat} may be ahead of this verifier's clock. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private static final String ALGORITHM = "ES256";
  private static final int ES256_SIGNATURE_BYTES = 64;
  private static final int MAX_JSON_DEPTH = 8;
  private static final Set<String> HEADER_PARAMETERS = Set.of("alg", "typ", "kid");

  private final Map<String, ECDSAVerifier> verifiers;
  private final String audience;
  private final InstantSource clock;

  /**
   * A verifier trusting the EC P-256 keys with a key id in {@code jwks}.
   *
   * @param jwks     a JWK set ({@code {"keys":[...]}}), as the gateway's JWKS endpoint serves it
   * @param audience this backend's name, which a token's {@code aud} must be
   * @param clock    the time tokens are checked against
   * @throws IllegalArgumentException when the set cannot be read or holds no usable key
   */
  public TxnTokenVerifier(Map<String, Object> jwks, String audience, InstantSource clock) {
    Objects.requireNonNull(jwks, "jwks");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.clock = Objects.requireNonNull(clock, "clock");
    JWKSet set;
    try {
      set = JWKSet.parse(jwks);
    } catch (ParseException | RuntimeException e) {
      throw new IllegalArgumentException("the JWK set cannot be read");
    }
    var usable = new HashMap<String, ECDSAVerifier>();
    for (JWK key : set.getKeys()) {
      if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()) && ec.getKeyID() != null) {
        try {
          usable.putIfAbsent(ec.getKeyID(), new ECDSAVerifier(ec.toPublicJWK()));
        } catch (JOSEException e) {
          throw new IllegalArgumentException("key '" + ec.getKeyID() + "' of the JWK set cannot verify ES256");
        }
      }
    }
    if (usable.isEmpty()) throw new IllegalArgumentException("the JWK set holds no EC P-256 key with a key id");
    this.verifiers = Map.copyOf(usable);
  }

  /**
   * The claims of a verified transaction token.
   *
   * @throws GatewayException with {@link GatewayError.Unauthenticated} when the token is refused
   */
  public TxnToken verify(String token) {
    if (token == null || token.isEmpty()) throw refused("missing transaction token");
    if (token.length() > TxnTokenIssuer.MAX_TOKEN_LENGTH) {
      throw refused("transaction token exceeds " + TxnTokenIssuer.MAX_TOKEN_LENGTH + " characters");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) throw refused("transaction token is not a compact JWS of three parts");
    Map<String, Object> header = json(parts[0], "header");
    ECDSAVerifier verifier = checkHeader(header);
    byte[] signature = decode(parts[2], "signature");
    if (signature.length != ES256_SIGNATURE_BYTES) throw refused("transaction token signature is not an ES256 signature");
    Map<String, Object> claims = json(parts[1], "claims");
    verifySignature(verifier, header, parts, signature);
    return claims(claims);
  }

  private ECDSAVerifier checkHeader(Map<String, Object> header) {
    if (!ALGORITHM.equals(header.get("alg"))) throw refused("transaction token algorithm must be " + ALGORITHM);
    if (!TxnTokenIssuer.TOKEN_TYPE.equals(header.get("typ"))) {
      throw refused("transaction token type (typ) must be " + TxnTokenIssuer.TOKEN_TYPE);
    }
    if (!HEADER_PARAMETERS.containsAll(header.keySet())) {
      throw refused("transaction token header carries a parameter other than alg, typ and kid");
    }
    if (!(header.get("kid") instanceof String kid) || kid.isEmpty()) {
      throw refused("transaction token header has no key id (kid)");
    }
    ECDSAVerifier verifier = verifiers.get(kid);
    if (verifier == null) throw refused("transaction token key id is not one of the trusted keys");
    return verifier;
  }

  private static void verifySignature(ECDSAVerifier verifier, Map<String, Object> header, String[] parts,
                                      byte[] signature) {
    boolean valid;
    try {
      JWSHeader parsed = JWSHeader.parse(header, new Base64URL(parts[0]));
      byte[] input = (parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII);
      valid = verifier.verify(parsed, input, Base64URL.encode(signature));
    } catch (ParseException | JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) throw refused("transaction token signature is invalid");
  }

  private TxnToken claims(Map<String, Object> claims) {
    Instant now = clock.instant();
    Instant exp = time(claims, "exp");
    Instant iat = time(claims, "iat");
    if (!now.isBefore(exp)) throw refused("transaction token has expired");
    if (iat.isAfter(now.plus(CLOCK_SKEW))) throw refused("transaction token is issued in the future (iat)");
    if (!exp.isAfter(iat) || Duration.between(iat, exp).compareTo(TxnTokenIssuer.MAX_TTL) > 0) {
      throw refused("transaction token lifetime is not between 1 s and " + TxnTokenIssuer.MAX_TTL);
    }
    Object aud = claims.get("aud");
    if (aud instanceof List<?> list && list.size() == 1) aud = list.getFirst();
    if (!audience.equals(aud)) throw refused("transaction token audience (aud) is not this backend");
    String subject = text(claims, "sub", true);
    String txn = text(claims, "txn", true);
    return new TxnToken(text(claims, "iss", false), subject, audience, txn, text(claims, "scope", false),
        text(claims, "req_wl", false), iat, exp, object(claims, "tctx"), object(claims, "rctx"));
  }

  private static Instant time(Map<String, Object> claims, String name) {
    if (!(claims.get(name) instanceof Number number)) throw refused("transaction token has no numeric " + name);
    double seconds = number.doubleValue();
    if (!Double.isFinite(seconds) || seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      throw refused("transaction token claim " + name + " is out of range");
    }
    return Instant.ofEpochSecond((long) seconds);
  }

  private static String text(Map<String, Object> claims, String name, boolean required) {
    Object value = claims.get(name);
    if (value instanceof String s && !s.isEmpty()) return s;
    if (value == null && !required) return null;
    throw refused("transaction token claim " + name + " is " + (value == null ? "missing" : "not a string"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null) return Map.of();
    if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
    throw refused("transaction token claim " + name + " is not an object");
  }

  private static Map<String, Object> json(String part, String what) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(decode(part, what))).toString();
    } catch (CharacterCodingException e) {
      throw refused("transaction token " + what + " is not UTF-8");
    }
    if (depth(text) > MAX_JSON_DEPTH) throw refused("transaction token " + what + " nests deeper than " + MAX_JSON_DEPTH);
    try {
      return JSONObjectUtils.parse(text);
    } catch (ParseException | RuntimeException e) {
      // The parser's message may quote the input: never pass it on.
      throw refused("transaction token " + what + " is not a JSON object");
    }
  }

  private static byte[] decode(String part, String what) {
    if (part.isEmpty() || !part.chars().allMatch(TxnTokenVerifier::isBase64Url)) {
      throw refused("transaction token " + what + " is not base64url");
    }
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw refused("transaction token " + what + " is not base64url");
    }
  }

  private static boolean isBase64Url(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static int depth(String json) { return dev.portcullis.identity.JsonDepth.of(json); }

  private static GatewayException refused(String reason) {
    return new GatewayException(new GatewayError.Unauthenticated(reason));
  }
}
