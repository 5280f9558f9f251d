package dev.portcullis.identity.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random input against the verifier: whatever arrives, the only failure is an
 * unauthenticated refusal, and no change to the signed parts of a valid token is ever accepted.
 */
class OidcTokenVerifierFuzzTest {
  private static final RSAKey RSA = UserTokens.rsaKey("rsa-1");
  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final String JSON_PIECES = "{}[]\":,.0123456789-+eEtrufalsn\\ abcxyz";

  private final ManualClock clock = new ManualClock();
  private final FakeIdp idp = FakeIdp.start(RSA);
  private final OidcTokenVerifier verifier =
      new OidcTokenVerifier(List.of(OidcProvider.of(idp.issuer, Set.of(UserTokens.AUDIENCE))), clock);
  private final Random random = new Random(20260301L);

  @AfterEach
  void stop() {
    verifier.close();
    idp.close();
  }

  @Test
  void mutatedSignedParts_areAlwaysRefused() {
    String valid = UserTokens.sign(UserTokens.header("RS256", "rsa-1"), UserTokens.claims(idp.issuer, clock.instant()), RSA);
    int signedLength = valid.lastIndexOf('.');
    for (int i = 0; i < 2000; i++) {
      char[] token = valid.toCharArray();
      int position = random.nextInt(signedLength);
      char replacement = BASE64URL.charAt(random.nextInt(BASE64URL.length()));
      if (token[position] == '.' || token[position] == replacement) continue;
      token[position] = replacement;

      assertRefusedOnly(new String(token));
    }
  }

  @Test
  void randomHeadersAndPayloads_failOnlyAsRefusals() {
    for (int i = 0; i < 2000; i++) {
      String header = random.nextBoolean() ? UserTokens.encode(UserTokens.header("RS256", "rsa-1")) : encode(junkJson());
      String payload = encode(junkJson());
      String signature = encode(junkJson());

      assertRefusedOnly(header + "." + payload + "." + signature);
    }
  }

  private void assertRefusedOnly(String token) {
    Throwable thrown = catchThrowable(() -> verifier.verify(token));
    assertThat(thrown).as("token must be refused: %s", token).isInstanceOf(GatewayException.class);
    assertThat(((GatewayException) thrown).error()).isInstanceOf(GatewayError.Unauthenticated.class);
  }

  private String junkJson() {
    var text = new StringBuilder();
    int length = random.nextInt(60);
    for (int i = 0; i < length; i++) text.append(JSON_PIECES.charAt(random.nextInt(JSON_PIECES.length())));
    return text.toString();
  }

  private static String encode(String text) {
    return text.isEmpty() ? "e30" : Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
