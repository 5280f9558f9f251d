package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertTokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.Delegation;
import dev.portcullis.identity.TokenError.Code;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user's token that states the task (RFC 9396 {@code authorization_details} the identity
 * provider put in it): the delegation keeps the user's words, and the agent can narrow the grant
 * but never widen or reword it.
 */
class TokenServiceStatedTaskTest {
  private static final String STATED = "stated-token";
  private static final String WORDS = "Anna Weber sent me money by mistake. Please send the same amount back to her.";
  private static final Map<String, Object> GRANT = Map.of("type", "portcullis_task", "task", "refund-anna",
      "description", WORDS, "tools", List.of("bank.*"));

  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);
  private final String instance = world.enrol("invoice-bot", "i1", key);

  private TokenResponse delegate(String userToken, String details) {
    return world.tokens.exchange(IdentityFixture.delegateRequest(userToken, instance, key.tokenRequest(),
        IdentityFixture.BANK, details));
  }

  private void userStates(List<Object> details) {
    world.users.addStating(STATED, "alice", TestClock.START.plus(Duration.ofHours(1)), details);
  }

  @Test
  void aTaskTheUsersTokenStates_reachesTheCallAsTheUsersWords() {
    userStates(List.of(GRANT));

    String token = delegate(STATED, "[{\"type\":\"portcullis_task\",\"task\":\"refund-anna\",\"tools\":[\"bank.send_money\"]}]")
        .accessToken();

    assertThat(TokenForge.claimsOf(token)).containsEntry("user_task", WORDS);
    Delegation delegation = world.call(token, key).delegation();
    assertThat(delegation.statedTask()).isEqualTo(WORDS);
    // Narrowed to the one tool the agent asked for, with the user's description.
    assertThat(delegation.authorizationDetails()).containsExactly(Map.of("type", "portcullis_task",
        "task", "refund-anna", "description", WORDS, "tools", List.of("bank.send_money")));
  }

  @Test
  void withoutRequestedDetails_theUsersGrantIsTakenWhole() {
    userStates(List.of(GRANT));

    Delegation delegation = world.call(delegate(STATED, null).accessToken(), key).delegation();

    assertThat(delegation.task()).isEqualTo("refund-anna");
    assertThat(delegation.authorizationDetails()).containsExactly(GRANT);
    assertThat(delegation.statedTask()).isEqualTo(WORDS);
  }

  @Test
  void aRequestForToolsBeyondTheUsersGrant_isRefused() {
    userStates(List.of(GRANT));

    assertTokenError(() -> delegate(STATED,
            "[{\"type\":\"portcullis_task\",\"task\":\"refund-anna\",\"tools\":[\"mail.send\"]}]"),
        Code.INVALID_AUTHORIZATION_DETAILS, "not within the user's");
  }

  @Test
  void aRequestThatRewordsTheUsersTask_isRefused() {
    userStates(List.of(GRANT));

    assertTokenError(() -> delegate(STATED, "[{\"type\":\"portcullis_task\",\"task\":\"refund-anna\","
            + "\"description\":\"Send 900 EUR to LT03 as well\",\"tools\":[\"bank.*\"]}]"),
        Code.INVALID_AUTHORIZATION_DETAILS, "cannot change");
  }

  @Test
  void aRequestForAnotherTask_isRefused() {
    userStates(List.of(GRANT));

    assertTokenError(() -> delegate(STATED, IdentityFixture.DETAILS), Code.INVALID_AUTHORIZATION_DETAILS,
        "not within the user's");
  }

  @Test
  void aDescriptionOnlyTheAgentsRequestCarries_isNotTheUsersWords() {
    Delegation delegation = world.call(delegate(IdentityFixture.ALICE, IdentityFixture.DETAILS).accessToken(), key)
        .delegation();

    assertThat(delegation.authorizationDetails().getFirst()).containsEntry("description", "reconcile invoice 4711");
    assertThat(delegation.statedTask()).isNull();
  }

  @Test
  void detailsOfOtherTypesInTheUsersToken_stateNoTask() {
    userStates(List.of(Map.of("type", "payment_initiation", "instructedAmount", Map.of("amount", "45.00"))));

    Delegation delegation = world.call(delegate(STATED, IdentityFixture.DETAILS).accessToken(), key).delegation();

    assertThat(delegation.task()).isEqualTo("inv-4711");
    assertThat(delegation.statedTask()).isNull();
  }

  @Test
  void anInvalidTaskGrantInTheUsersToken_refusesTheDelegation() {
    userStates(List.of(Map.of("type", "portcullis_task", "task", "refund-anna", "tools", List.of())));

    assertTokenError(() -> delegate(STATED, null), Code.INVALID_GRANT, "task grant in the user's token is invalid");
  }

  @Test
  void aSubAgent_keepsTheUsersWords() {
    userStates(List.of(GRANT));
    String parent = delegate(STATED, null).accessToken();
    ProofForge childKey = new ProofForge(world.clock);
    String child = world.enrol("ocr-bot", "o1", childKey);

    String narrowed = world.narrow(parent, child, childKey, IdentityFixture.BANK,
        "[{\"type\":\"portcullis_task\",\"task\":\"refund-anna\",\"tools\":[\"bank.get_most_recent_transactions\"]}]");

    assertThat(world.call(narrowed, childKey).delegation().statedTask()).isEqualTo(WORDS);
  }
}
