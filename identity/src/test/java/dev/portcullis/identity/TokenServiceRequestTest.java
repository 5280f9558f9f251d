package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertTokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.identity.TokenError.Code;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the {@link TokenService} reads the form of a request, whatever kind of exchange it is. */
class TokenServiceRequestTest {
  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);

  private TokenRequest with(TokenRequest base, String name, List<String> values) {
    var form = new LinkedHashMap<>(base.form());
    if (values == null) form.remove(name);
    else form.put(name, values);
    return new TokenRequest(form, base.dpopProof(), base.method(), base.url());
  }

  private TokenRequest enrol() {
    return IdentityFixture.enrolRequest(world.credential("invoice-bot"), "i1", key.tokenRequest());
  }

  @Test
  void otherGrantType_isUnsupported() {
    assertTokenError(() -> world.tokens.exchange(with(enrol(), "grant_type", List.of("client_credentials"))),
        Code.UNSUPPORTED_GRANT_TYPE, "only token exchange");
  }

  @Test
  void missingGrantType_isInvalid() {
    assertTokenError(() -> world.tokens.exchange(with(enrol(), "grant_type", null)), Code.INVALID_REQUEST,
        "parameter 'grant_type' is required");
  }

  @Test
  void repeatedSingleValuedParameter_isRefused() {
    TokenRequest base = enrol();
    String credential = base.form().get("subject_token").getFirst();
    assertTokenError(() -> world.tokens.exchange(with(base, "subject_token", List.of(credential, credential))),
        Code.INVALID_REQUEST, "parameter 'subject_token' is given more than once", credential);
  }

  @Test
  void emptyValue_countsAsAbsent() {
    assertTokenError(() -> world.tokens.exchange(with(enrol(), "subject_token", List.of(""))), Code.INVALID_REQUEST,
        "parameter 'subject_token' is required");
  }

  @Test
  void unknownParameter_isIgnored() {
    assertThat(world.tokens.exchange(with(enrol(), "client_hint", List.of("x"))).facts())
        .containsEntry("outcome", "enrolled");
  }

  @Test
  void scope_isRefused() {
    assertTokenError(() -> world.tokens.exchange(with(enrol(), "scope", List.of("openid"))), Code.INVALID_REQUEST,
        "parameter 'scope' has no meaning");
  }

  @Test
  void otherRequestedTokenType_isRefused() {
    assertTokenError(() -> world.tokens.exchange(with(enrol(), "requested_token_type",
        List.of("urn:ietf:params:oauth:token-type:id_token"))), Code.INVALID_REQUEST, "requested_token_type must be");
  }

  @Test
  void subjectTokenTypeOtherThanAccessToken_isRefusedAtEnrolment() {
    assertTokenError(() -> world.tokens.exchange(with(enrol(), "subject_token_type",
        List.of("urn:ietf:params:oauth:token-type:id_token"))), Code.INVALID_REQUEST, "subject_token_type must be");
  }

  @Test
  void garbageSubjectToken_isRefusedWithoutQuotingIt() {
    assertTokenError(() -> world.tokens.exchange(with(enrol(), "subject_token", List.of("garbage-marker-token"))),
        Code.INVALID_GRANT, "subject_token refused", "garbage-marker-token");
  }

  @Test
  void error_bodyAndStatus_followRfc6749() {
    TokenError error = assertTokenError(() -> world.tokens.exchange(with(enrol(), "grant_type", List.of("password"))),
        Code.UNSUPPORTED_GRANT_TYPE, "only token exchange");
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.body()).containsOnlyKeys("error", "error_description")
        .containsEntry("error", "unsupported_grant_type");
    assertThat(Code.INVALID_CLIENT.status()).isEqualTo(401);
  }

  @Test
  void response_bodyFollowsRfc8693() {
    TokenResponse response = world.tokens.exchange(enrol());
    assertThat(response.body()).containsOnlyKeys("access_token", "issued_token_type", "token_type", "expires_in")
        .containsEntry("token_type", "DPoP").containsEntry("expires_in", 600L);
  }

  @Test
  void request_toString_hidesValues() {
    TokenRequest request = enrol();
    assertThat(request.toString()).contains("subject_token").doesNotContain(request.form().get("subject_token").getFirst())
        .doesNotContain(request.dpopProof());
  }

  @Test
  void request_formIsCopied() {
    var form = new LinkedHashMap<String, List<String>>(Map.of("grant_type", new java.util.ArrayList<>(List.of("x"))));
    var request = new TokenRequest(form, null, "POST", ProofForge.TOKEN_URL);
    form.get("grant_type").add("y");
    assertThat(request.form().get("grant_type")).containsExactly("x");
  }
}
