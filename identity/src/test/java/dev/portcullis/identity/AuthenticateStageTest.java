package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.Credentials;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.state.AgentRecord;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link AuthenticateStage}. */
class AuthenticateStageTest {
  private final TokenForge forge = new TokenForge();
  private final TestClock clock = new TestClock();
  private final InMemoryAgents agents = new InMemoryAgents();
  private final AuthenticateStage stage = new AuthenticateStage(
      new AgentTokenVerifier(TokenForge.SETTINGS, forge.keys, agents, clock), agents, clock);
  private int proceeded;

  @BeforeEach
  void registerAgent() {
    agents.put(InMemoryAgents.agent(TokenForge.AGENT, AgentRecord.Status.ACTIVE));
  }

  @Test
  void apply_validToken_authenticatesNotesAndProceeds() {
    Exchange exchange = exchange(forge.valid());

    Outcome outcome = stage.apply(exchange, this::proceed);

    assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
    assertThat(proceeded).isEqualTo(1);
    assertThat(exchange.principal().agentId()).isEqualTo(TokenForge.AGENT);
    assertThat(exchange.notes()).containsEntry("agent", TokenForge.AGENT);
    assertThat(agents.touches).containsExactly(TestClock.START);
  }

  @Test
  void apply_missingBearer_isRejectedWithoutProceeding() {
    GatewayException thrown = catchThrowableOfType(GatewayException.class,
        () -> stage.apply(exchange(null), this::proceed));

    assertThat(thrown.error()).isEqualTo(new GatewayError.Unauthenticated("missing bearer token"));
    assertThat(proceeded).isZero();
    assertThat(agents.touches).isEmpty();
  }

  @Test
  void apply_forgedToken_isRejectedWithoutProceeding() {
    String token = TokenForge.withSignature(forge.header(), forge.claims(), new byte[64]);
    Exchange exchange = exchange(token);

    GatewayException thrown = catchThrowableOfType(GatewayException.class, () -> stage.apply(exchange, this::proceed));

    assertThat(thrown.error()).isInstanceOf(GatewayError.Unauthenticated.class);
    assertThat(exchange.principal()).isNull();
    assertThat(proceeded).isZero();
  }

  @Test
  void apply_callsWithinAMinute_touchOnce() {
    String token = forge.valid();
    stage.apply(exchange(token), this::proceed);
    clock.advance(Duration.ofSeconds(59));
    stage.apply(exchange(token), this::proceed);

    assertThat(proceeded).isEqualTo(2);
    assertThat(agents.touches).containsExactly(TestClock.START);
  }

  @Test
  void apply_callAfterAMinute_touchesAgain() {
    String token = forge.valid();
    stage.apply(exchange(token), this::proceed);
    clock.advance(Duration.ofSeconds(60));
    stage.apply(exchange(token), this::proceed);

    assertThat(agents.touches).containsExactly(TestClock.START, TestClock.START.plusSeconds(60));
  }

  @Test
  void name_isAuthenticate() {
    assertThat(stage.name()).isEqualTo("authenticate");
  }

  private Outcome proceed(Exchange exchange) {
    proceeded++;
    return new Outcome.Accepted();
  }

  private static Exchange exchange(String bearer) {
    var request = new McpRequest("default", "tools/list", 1, Map.of(), "2025-11-25", null, "127.0.0.1");
    return new Exchange("ex-1", TestClock.START, request, new Credentials(bearer, null, "POST", "https://gw.example.com/mcp"));
  }
}
