package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions about refused tokens. */
final class Rejections {
  private Rejections() {}

  /**
   * Asserts that verifying the token is refused as unauthenticated with a reason containing
   * {@code reasonPart}, and that the reason quotes no part of the token.
   */
  static GatewayError.Unauthenticated assertRejected(AgentTokenVerifier verifier, String token, String reasonPart) {
    return assertRefused(() -> verifier.verify(token), reasonPart, token);
  }

  /**
   * Asserts that {@code call} is refused as unauthenticated with a reason containing
   * {@code reasonPart}, and that the reason quotes nothing of the {@code secrets} (tokens, proofs).
   */
  static GatewayError.Unauthenticated assertRefused(ThrowingCallable call, String reasonPart, String... secrets) {
    GatewayException thrown = catchThrowableOfType(GatewayException.class, call);
    assertThat(thrown).as("should be refused with '" + reasonPart + "'").isNotNull();
    assertThat(thrown.error()).isInstanceOf(GatewayError.Unauthenticated.class);
    String reason = thrown.error().message();
    assertThat(reason).contains(reasonPart);
    for (String secret : secrets) assertQuotesNothingOf(reason, secret);
    assertThat(thrown.getMessage()).isEqualTo(reason);
    return (GatewayError.Unauthenticated) thrown.error();
  }

  /** Asserts that a message contains neither the token nor any of its parts. */
  static void assertQuotesNothingOf(String message, String token) {
    if (token == null || token.isEmpty()) return;
    assertThat(message).doesNotContain(token);
    for (String part : token.split("\\.")) {
      if (part.length() >= 8) assertThat(message).doesNotContain(part);
    }
    assertThat(message).doesNotContain("jti-marker");
  }

  /**
   * Asserts that {@code call} is refused by the token service with {@code code} and a description
   * containing {@code descriptionPart} that quotes nothing of the {@code secrets}.
   */
  static TokenError assertTokenError(ThrowingCallable call, TokenError.Code code, String descriptionPart,
                                     String... secrets) {
    TokenError thrown = catchThrowableOfType(TokenError.class, call);
    assertThat(thrown).as("should be refused with " + code + " '" + descriptionPart + "'").isNotNull();
    assertThat(thrown.code()).as(thrown.getMessage()).isEqualTo(code);
    assertThat(thrown.description()).contains(descriptionPart);
    assertThat(thrown.facts()).containsEntry("outcome", "refused");
    for (String secret : secrets) {
      assertQuotesNothingOf(thrown.description(), secret);
      assertQuotesNothingOf(thrown.facts().toString(), secret);
    }
    return thrown;
  }
}
