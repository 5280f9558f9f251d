package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portcullis.core.Credentials;
import dev.portcullis.core.GatewayException;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Mutated tokens, proofs and authorization details — bytes flipped, cut, doubled, re-encoded —
 * must only ever be refused the intended way: never another exception, never a quote of the input.
 * Seeded, so a failure reproduces.
 */
class ParserFuzzTest {
  private static final int ROUNDS = 400;

  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);
  private final String instance = world.enrol("invoice-bot", "i1", key);
  private final String delegation = world.delegate(instance, key);
  private final Random random = new Random(20260301L);

  private String mutate(String input) {
    var text = new StringBuilder(input);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && !text.isEmpty(); i++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(5)) {
        case 0 -> text.setCharAt(at, (char) (32 + random.nextInt(95)));
        case 1 -> text.deleteCharAt(at);
        case 2 -> text.insert(at, (char) random.nextInt(0x3000));
        case 3 -> text.setLength(at);
        default -> text.insert(at, text.substring(at, Math.min(text.length(), at + 1 + random.nextInt(40))));
      }
    }
    return text.toString();
  }

  private void fuzz(String seed, Class<? extends Throwable> expected, Consumer<String> target) {
    for (int round = 0; round < ROUNDS; round++) {
      String input = mutate(seed);
      Throwable thrown = catchThrowable(() -> target.accept(input));
      if (thrown == null) continue;
      assertThat(thrown).as("input %s", input).isInstanceOf(expected);
      if (input.length() >= 16) assertThat(thrown.getMessage()).doesNotContain(input);
    }
  }

  @Test
  void mutatedDelegationTokens_areOnlyRefusedAsUnauthenticated() {
    fuzz(delegation, GatewayException.class, token ->
        world.callers.verify(new Credentials(token, key.mcp(token), "POST", IdentityFixture.BANK), IdentityFixture.BANK));
  }

  @Test
  void mutatedProofs_areOnlyRefusedAsUnauthenticated() {
    fuzz(key.mcp(delegation), GatewayException.class, proof ->
        world.context.dpop().verify(proof, "POST", IdentityFixture.BANK, delegation));
  }

  @Test
  void mutatedAuthorizationDetails_areOnlyRefusedAsInvalid() {
    fuzz(IdentityFixture.DETAILS, IllegalArgumentException.class, AuthorizationDetails::parse);
  }

  @Test
  void mutatedTokenRequests_areOnlyRefusedAsTokenErrors() {
    fuzz(IdentityFixture.DETAILS, TokenError.class, details ->
        world.tokens.exchange(IdentityFixture.delegateRequest(IdentityFixture.ALICE, instance, key.tokenRequest(),
            IdentityFixture.BANK, details)));
  }
}
