package dev.portcullis.identity.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.identity.UserTokenVerifier;

/** Assertions about refused user tokens. */
final class Refusals {
  private Refusals() {}

  /**
   * Asserts that verifying {@code token} is refused as unauthenticated with a reason containing
   * {@code reasonPart}, and that the reason quotes no part of the token.
   */
  static String assertRefused(UserTokenVerifier verifier, String token, String reasonPart) {
    GatewayException thrown = catchThrowableOfType(GatewayException.class, () -> verifier.verify(token));
    assertThat(thrown).as("token should be refused").isNotNull();
    assertThat(thrown.error()).isInstanceOf(GatewayError.Unauthenticated.class);
    String reason = thrown.error().message();
    assertThat(reason).contains(reasonPart);
    assertQuotesNothingOf(reason, token);
    return reason;
  }

  /** Asserts that a message contains neither the token nor any sizeable part of it. */
  static void assertQuotesNothingOf(String message, String token) {
    if (token == null || token.isEmpty()) return;
    assertThat(message).doesNotContain(token);
    for (String part : token.split("\\.")) {
      if (part.length() >= 8) assertThat(message).doesNotContain(part);
    }
    assertThat(message).doesNotContain(UserTokens.TOKEN_ID).doesNotContain(UserTokens.SUBJECT);
  }
}
