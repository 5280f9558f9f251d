package dev.portcullis.identity;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies DPoP proofs (RFC 9449): the proof that the caller holds the private key a token is
 * bound to, made for this very request.
 *
 * <p>The checks run cheapest first, so junk never reaches cryptography: structure and size
 * ({@link CompactJws}); header {@code typ} exactly {@code dpop+jwt}, {@code alg} ES256 or EdDSA
 * (never {@code none} or a MAC), no parameter but {@code typ, alg, jwk} (no {@code jku, x5u, x5c,
 * kid, crit}: the key is the one in the proof, never one looked up); the {@code jwk} public and of
 * the algorithm's type ({@link ProofKey}); the key's thumbprint against the one the token is
 * bound to; the signature's shape; the signature; then the claims — {@code jti}, {@code htm} equal
 * to the request method, {@code htu} naming the request URL (scheme, host, port and path; query
 * and fragment ignored, RFC 9449 §4.3), {@code iat} within the window, and {@code ath} the hash of
 * the access token presented with it. Last, the proof is remembered so it cannot be replayed
 * ({@link ProofReplayCache}): only proofs that passed everything else take room there.
 *
 * <p>Every refusal is a {@link GatewayException} with {@link GatewayError.Unauthenticated} and a
 * fixed reason that quotes nothing of the proof or the token.
 */
public final class DpopVerifier {
  /** The JOSE type of a DPoP proof. */
  static final String PROOF_TYPE = "dpop+jwt";

  private static final Set<String> ALGORITHMS = Set.of(ProofKey.ES256, ProofKey.EDDSA);
  private static final Set<String> FORBIDDEN_PARAMETERS = Set.of("jku", "x5u", "x5c", "kid", "crit");
  private static final Set<String> ALLOWED_PARAMETERS = Set.of("typ", "alg", "jwk");

  private final Duration maxAge;
  private final Duration maxFuture;
  private final InstantSource clock;
  private final ProofReplayCache replays;

  /** A verifier with the proof window and replay cache size of {@code settings}, reading time from {@code clock}. */
  public DpopVerifier(DelegationSettings settings, InstantSource clock) {
    Objects.requireNonNull(settings, "settings");
    this.maxAge = settings.proofMaxAge();
    this.maxFuture = settings.proofMaxFuture();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.replays = new ProofReplayCache(settings.replayCacheSize(), settings.proofWindow());
  }

  /**
   * Verifies a proof and returns the RFC 7638 thumbprint ({@code jkt}) of the key that made it.
   *
   * @param proof       the {@code DPoP} request header
   * @param method      the request's HTTP method
   * @param url         the request's URL as the gateway is reached (query and fragment are ignored)
   * @param accessToken the access token presented with the proof, whose hash {@code ath} must then
   *                    carry; {@code null} when none is (a token request)
   * @throws GatewayException with {@link GatewayError.Unauthenticated} when the proof is refused
   */
  public String verify(String proof, String method, String url, String accessToken) {
    return check(proof, method, url, accessToken, null).jkt();
  }

  /**
   * Verifies a proof as {@link #verify} does and, when {@code boundJkt} is not {@code null}, that
   * it was made by the key with that thumbprint — before the proof is remembered, so that proofs
   * by a key the token is not bound to take no room in the replay cache.
   */
  Proof check(String proof, String method, String url, String accessToken, String boundJkt) {
    CompactJws jws = CompactJws.splitProof(proof);
    Map<String, Object> header = jws.headerJson();
    String algorithm = checkHeader(header);
    ProofKey key = ProofKey.of(header.get("jwk"), algorithm);
    if (boundJkt != null && !boundJkt.equals(key.thumbprint())) {
      throw Rejection.of("DPoP proof key is not the key the token is bound to (cnf.jkt)");
    }
    byte[] signature = jws.signatureBytes();
    key.checkShape(signature);
    Map<String, Object> claims = jws.payloadJson();
    if (!key.verifies(jws.signingInput(), signature)) throw Rejection.of("DPoP proof signature is invalid");

    if (!ClaimValues.isString(claims.get("jti"), AccessTokenClaims.MAX_TOKEN_ID_LENGTH)) {
      throw Rejection.of("DPoP proof has no valid id (jti)");
    }
    if (method == null || !method.equals(claims.get("htm"))) {
      throw Rejection.of("DPoP proof is for another HTTP method (htm)");
    }
    if (!(claims.get("htu") instanceof String htu) || !sameTarget(htu, url)) {
      throw Rejection.of("DPoP proof is for another URL (htu)");
    }
    checkIssueTime(claims);
    if (accessToken != null) checkTokenHash(claims.get("ath"), accessToken);
    replays.remember(key.thumbprint(), (String) claims.get("jti"), clock.instant());
    return new Proof(key.thumbprint(), key.publicJwk());
  }

  private static String checkHeader(Map<String, Object> header) {
    if (!PROOF_TYPE.equals(header.get("typ"))) throw Rejection.of("DPoP proof type (typ) must be " + PROOF_TYPE);
    Object alg = header.get("alg");
    if (alg instanceof String name && name.equalsIgnoreCase("none")) {
      throw Rejection.of("unsigned DPoP proofs (alg none) are not accepted");
    }
    if (!(alg instanceof String name) || !ALGORITHMS.contains(name)) {
      throw Rejection.of("DPoP proof algorithm must be ES256 or EdDSA");
    }
    for (String parameter : header.keySet()) {
      if (FORBIDDEN_PARAMETERS.contains(parameter)) {
        throw Rejection.of("DPoP proof header must not carry '" + parameter + "'");
      }
      if (!ALLOWED_PARAMETERS.contains(parameter)) {
        throw Rejection.of("DPoP proof header carries a parameter other than typ, alg and jwk");
      }
    }
    return name;
  }

  private void checkIssueTime(Map<String, Object> claims) {
    Instant iat = ClaimValues.instant(claims, "iat", "DPoP proof");
    if (iat == null) throw Rejection.of("DPoP proof has no issue time (iat)");
    Instant now = clock.instant();
    if (iat.isBefore(now.minus(maxAge))) throw Rejection.of("DPoP proof is too old (iat more than " + maxAge + " ago)");
    if (iat.isAfter(now.plus(maxFuture))) throw Rejection.of("DPoP proof is issued in the future (iat)");
  }

  private static void checkTokenHash(Object ath, String accessToken) {
    if (!(ath instanceof String presented)) throw Rejection.of("DPoP proof has no access token hash (ath)");
    byte[] expected = tokenHash(accessToken).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
      throw Rejection.of("DPoP proof is for another access token (ath)");
    }
  }

  /** The {@code ath} of an access token: base64url of the SHA-256 of its ASCII bytes, unpadded. */
  static String tokenHash(String accessToken) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Whether two URLs name the same HTTP target: scheme, host, port and normalised path. */
  static boolean sameTarget(String htu, String url) {
    String a = target(htu);
    return a != null && a.equals(target(url));
  }

  private static String target(String value) {
    if (value == null || value.length() > 2048) return null;
    URI uri;
    try {
      uri = new URI(value).normalize();
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) return null;
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
  }

  /**
   * A proof that passed.
   *
   * @param jkt       the thumbprint of the key that made it
   * @param publicJwk that key as a public JSON Web Key
   */
  record Proof(String jkt, String publicJwk) {}
}
