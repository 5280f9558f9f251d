package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;

/** Assertions about refused tokens. */
final class Rejections {
  private Rejections() {}

  /**
   * Asserts that verifying the token is refused as unauthenticated with a reason containing
   * {@code reasonPart}, and that the reason quotes no part of the token.
   */
  static GatewayError.Unauthenticated assertRejected(AgentTokenVerifier verifier, String token, String reasonPart) {
    GatewayException thrown = catchThrowableOfType(GatewayException.class, () -> verifier.verify(token));
    assertThat(thrown).as("token should be refused").isNotNull();
    assertThat(thrown.error()).isInstanceOf(GatewayError.Unauthenticated.class);
    String reason = thrown.error().message();
    assertThat(reason).contains(reasonPart);
    assertQuotesNothingOf(reason, token);
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
}
