package dev.portcullis.identity.idp;

import static dev.portcullis.identity.idp.Refusals.assertRefused;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Forged, confused and malformed user tokens that {@link OidcTokenVerifier} must refuse. */
class OidcTokenVerifierAttackTest {
  private static final RSAKey RSA = UserTokens.rsaKey("rsa-1");
  private static final ECKey EC = UserTokens.ecKey("ec-1");

  private final ManualClock clock = new ManualClock();
  private final FakeIdp idp = FakeIdp.start(RSA, EC);
  private final OidcProvider provider = OidcProvider.of(idp.issuer, Set.of(UserTokens.AUDIENCE));
  private final OidcTokenVerifier verifier = new OidcTokenVerifier(List.of(provider), clock);

  @AfterEach
  void stop() {
    verifier.close();
    idp.close();
  }

  private Map<String, Object> claims() { return UserTokens.claims(idp.issuer, clock.instant()); }

  private static Map<String, Object> rsaHeader() { return UserTokens.header("RS256", "rsa-1"); }

  private String rsaToken(Map<String, Object> claims) { return UserTokens.sign(rsaHeader(), claims, RSA); }

  // --- issuer and audience ---

  @Test
  void verify_unlistedIssuer_isRefused() {
    var claims = claims();
    claims.put("iss", "https://evil.example.com/realms/test");
    assertRefused(verifier, rsaToken(claims), "issuer (iss) is not a configured identity provider");
  }

  @Test
  void verify_issuerDifferingOnlyByTrailingSlash_isRefused() {
    var claims = claims();
    claims.put("iss", idp.issuer + "/");
    assertRefused(verifier, rsaToken(claims), "issuer (iss) is not a configured identity provider");
  }

  @Test
  void verify_missingIssuer_isRefused() {
    var claims = claims();
    claims.remove("iss");
    assertRefused(verifier, rsaToken(claims), "has no issuer (iss)");
  }

  @Test
  void verify_audienceForAnotherApplication_isRefused() {
    var claims = claims();
    claims.put("aud", List.of("account", "https://mail.example.com"));
    assertRefused(verifier, rsaToken(claims), "audience (aud) does not name this gateway");
  }

  @Test
  void verify_missingAudience_isRefused() {
    var claims = claims();
    claims.remove("aud");
    assertRefused(verifier, rsaToken(claims), "has no audience (aud)");
  }

  @Test
  void verify_audienceArrayWithNonString_isRefused() {
    var claims = claims();
    claims.put("aud", List.of(UserTokens.AUDIENCE, 7));
    assertRefused(verifier, rsaToken(claims), "must be a string or an array of strings");
  }

  // --- algorithms and keys ---

  @ParameterizedTest
  @ValueSource(strings = {"none", "NONE", "None"})
  void verify_unsignedToken_isRefused(String alg) {
    var header = rsaHeader();
    header.put("alg", alg);
    String token = UserTokens.encode(header) + "." + UserTokens.encode(claims()) + ".";
    assertRefused(verifier, token, "unsigned tokens (alg none) are not accepted");
  }

  @Test
  void verify_hs256SignedWithThePublicKey_isRefused() throws JOSEException {
    var header = rsaHeader();
    header.put("alg", "HS256");
    byte[] publicKey = RSA.toRSAPublicKey().getEncoded();
    String token = UserTokens.sign(header, claims(), new MACSigner(publicKey), JWSAlgorithm.HS256);
    assertRefused(verifier, token, "shared-secret algorithms");
  }

  @Test
  void verify_rsaSignatureUnderAnEs256Header_isRefused() throws JOSEException {
    var header = UserTokens.header("ES256", "rsa-1");
    String token = UserTokens.sign(header, claims(), new RSASSASigner(RSA), JWSAlgorithm.RS256);
    assertRefused(verifier, token, "does not fit the user token's algorithm");
  }

  @Test
  void verify_es256HeaderNamingTheEcKeyButRsaSignature_isRefused() throws JOSEException {
    var header = UserTokens.header("ES256", "ec-1");
    String token = UserTokens.sign(header, claims(), new RSASSASigner(RSA), JWSAlgorithm.RS256);
    assertRefused(verifier, token, "signature is invalid");
  }

  @Test
  void verify_rs256HeaderNamingTheEcKey_isRefused() throws JOSEException {
    var header = UserTokens.header("RS256", "ec-1");
    String token = UserTokens.sign(header, claims(), new ECDSASigner(EC), JWSAlgorithm.ES256);
    assertRefused(verifier, token, "does not fit the user token's algorithm");
  }

  @Test
  void verify_algorithmNotConfiguredForTheProvider_isRefused() {
    String token = UserTokens.sign(UserTokens.header("PS384", "rsa-1"), claims(), RSA);
    assertRefused(verifier, token, "algorithm is not one identity provider");
  }

  @Test
  void verify_keyOfAnotherProviderWithTheSameKid_isRefused() {
    RSAKey impostor = UserTokens.rsaKey("rsa-1");
    assertRefused(verifier, UserTokens.sign(rsaHeader(), claims(), impostor), "signature is invalid");
  }

  @Test
  void verify_rsaKeyShorterThan2048Bits_isRefused() throws JOSEException {
    RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak-1").generate();
    idp.publish(RSA, EC, weak);
    var signer = new RSASSASigner(weak.toPrivateKey(), Set.of(AllowWeakRSAKey.getInstance()));
    String token = UserTokens.sign(UserTokens.header("RS256", "weak-1"), claims(), signer, JWSAlgorithm.RS256);
    assertRefused(verifier, token, "does not fit the user token's algorithm");
  }

  @Test
  void verify_missingKeyId_isRefused() {
    var header = rsaHeader();
    header.remove("kid");
    assertRefused(verifier, UserTokens.sign(header, claims(), RSA), "no valid key id (kid)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jku", "jwk", "x5u", "x5c", "crit", "cty"})
  void verify_headerParameterThatBringsOrLocatesKeysOrExtensions_isRefused(String parameter) {
    var header = rsaHeader();
    Object value = switch (parameter) {
      case "jwk" -> RSA.toPublicJWK().toJSONObject();
      case "x5c", "crit" -> List.of("exp");
      case "cty" -> "JWT";
      default -> "https://evil.example.com/keys";
    };
    header.put(parameter, value);
    assertRefused(verifier, UserTokens.sign(header, claims(), RSA), "must not carry '" + parameter + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dpop+jwt", "dlg+jwt", "txntoken+jwt", "logout+jwt", "secevent+jwt", "JOSE", "id+jwt"})
  void verify_headerTypeOfAnotherKindOfToken_isRefused(String typ) {
    var header = rsaHeader();
    header.put("typ", typ);
    assertRefused(verifier, UserTokens.sign(header, claims(), RSA), "type (typ) must be absent, JWT or at+jwt");
  }

  // --- integrity ---

  @Test
  void verify_editedPayload_isRefused() {
    String[] parts = rsaToken(claims()).split("\\.");
    var claims = claims();
    claims.put("realm_access", Map.of("roles", List.of("admin")));
    String edited = parts[0] + "." + UserTokens.encode(claims) + "." + parts[2];
    assertRefused(verifier, edited, "signature is invalid");
  }

  @Test
  void verify_signatureOfAnotherToken_isRefused() {
    String[] parts = rsaToken(claims()).split("\\.");
    var claims = claims();
    claims.put("sub", "someone-else");
    String[] other = rsaToken(claims).split("\\.");
    assertRefused(verifier, other[0] + "." + other[1] + "." + parts[2], "signature is invalid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "!!!!.e30.sig", "e30.!!!!.sig", "e30.e30.s*g"})
  void verify_malformedToken_isRefused(String token) {
    assertRefused(verifier, token, "user token");
  }

  @Test
  void verify_nullToken_isRefused() {
    assertRefused(verifier, null, "missing user token");
  }

  @Test
  void verify_headerThatIsNotJson_isRefused() {
    String header = Base64URL.encode("not json".getBytes(StandardCharsets.UTF_8)).toString();
    assertRefused(verifier, header + "." + UserTokens.encode(claims()) + ".c2ln", "header is not a JSON object");
  }

  @Test
  void verify_duplicateClaim_isRefused() {
    String json = "{\"iss\":\"" + idp.issuer + "\",\"sub\":\"a\",\"sub\":\"b\"}";
    String payload = Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    assertRefused(verifier, UserTokens.encode(rsaHeader()) + "." + payload + ".c2ln", "claims is not a JSON object");
  }

  @Test
  void verify_deeplyNestedClaims_areRefusedBeforeParsing() {
    var claims = claims();
    Object nested = "x";
    for (int i = 0; i < 20; i++) nested = List.of(nested);
    claims.put("deep", nested);
    assertRefused(verifier, rsaToken(claims), "nests deeper than");
  }

  // --- size ---

  @Test
  void verify_tokenOverTheProviderLimit_isRefused() {
    try (var strict = new OidcTokenVerifier(List.of(provider.withMaxTokenSize(2048)), clock)) {
      var claims = claims();
      claims.put("padding", "p".repeat(2048));
      assertRefused(strict, rsaToken(claims), "user token exceeds 2048 characters");
    }
  }

  @Test
  void verify_tokenOverTheLargestLimit_isRefusedBeforeParsing() {
    String huge = "e30." + "A".repeat(OidcProvider.DEFAULT_MAX_TOKEN_SIZE) + ".c2ln";
    assertRefused(verifier, huge, "user token exceeds " + OidcProvider.DEFAULT_MAX_TOKEN_SIZE + " characters");
  }

  @Test
  void verify_policyClaimBeyondTheCopyBounds_isRefusedNotDropped() {
    var claims = claims();
    claims.put("groups", Collections.nCopies(BoundedCopy.MAX_ENTRIES + 1, "g"));
    try (var roomy = new OidcTokenVerifier(List.of(provider.withMaxTokenSize(64 * 1024)), clock)) {
      assertRefused(roomy, rsaToken(claims), "claim 'groups' is too large or nested too deeply for policy");
    }
  }

  // --- lifetime ---

  @Test
  void verify_expiredToken_isRefused() {
    String token = rsaToken(claims());
    clock.advance(java.time.Duration.ofSeconds(300));
    assertRefused(verifier, token, "has expired");
  }

  @Test
  void verify_missingExpiry_isRefused() {
    var claims = claims();
    claims.remove("exp");
    assertRefused(verifier, rsaToken(claims), "has no expiry (exp)");
  }

  @Test
  void verify_expiryThatIsNotANumber_isRefused() {
    var claims = claims();
    claims.put("exp", "tomorrow");
    assertRefused(verifier, rsaToken(claims), "claim exp is not a number");
  }

  @Test
  void verify_notBeforeInTheFutureBeyondTheSkew_isRefused() {
    var claims = claims();
    claims.put("nbf", clock.instant().getEpochSecond() + 31);
    assertRefused(verifier, rsaToken(claims), "not valid yet (nbf)");
  }

  @Test
  void verify_issuedInTheFutureBeyondTheSkew_isRefused() {
    var claims = claims();
    claims.put("iat", clock.instant().getEpochSecond() + 31);
    assertRefused(verifier, rsaToken(claims), "issued in the future (iat)");
  }

  // --- token kind and subject ---

  @Test
  void verify_keycloakIdToken_isRefused() {
    var claims = claims();
    claims.put("typ", "ID");
    assertRefused(verifier, rsaToken(claims), "ID tokens are not accepted in place of access tokens");
  }

  @ParameterizedTest
  @ValueSource(strings = {"at_hash", "c_hash"})
  void verify_tokenWithAnIdTokenHash_isRefused(String claim) {
    var claims = claims();
    claims.remove("typ");
    claims.put(claim, "aGFzaC1vZi10aGUtY29kZQ");
    assertRefused(verifier, rsaToken(claims), "ID tokens are not accepted in place of access tokens");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Refresh", "Offline", "Logout"})
  void verify_keycloakRefreshOrLogoutToken_isRefused(String typ) {
    var claims = claims();
    claims.put("typ", typ);
    assertRefused(verifier, rsaToken(claims), "refresh or logout token");
  }

  @Test
  void verify_missingSubject_isRefused() {
    var claims = claims();
    claims.remove("sub");
    assertRefused(verifier, rsaToken(claims), "no valid subject (sub)");
  }

  @Test
  void verify_mayActThatIsNotAnObject_isRefused() {
    var claims = claims();
    claims.put("may_act", List.of("invoice-bot"));
    assertRefused(verifier, rsaToken(claims), "may_act is not an object");
  }

  @Test
  void verify_authorizationDetailsThatAreNotAnArray_areRefused() {
    var claims = claims();
    claims.put("authorization_details", Map.of("type", "portcullis_task"));
    assertRefused(verifier, rsaToken(claims), "authorization_details is not an array");
  }

  @Test
  void verify_authorizationDetailsTooLarge_areRefused() {
    var claims = claims();
    claims.put("authorization_details", List.of(Map.of("description", "x".repeat(5000))));
    assertRefused(verifier, rsaToken(claims), "authorization_details is too large");
  }

  @Test
  void verify_refusalReasons_neverQuoteTheToken() {
    var claims = claims();
    claims.put("aud", new ArrayList<>(List.of("https://mail.example.com")));
    claims.put("iss", idp.issuer);
    String reason = assertRefused(verifier, rsaToken(claims), "audience");
    Refusals.assertQuotesNothingOf(reason, "https://mail.example.com");
  }
}
