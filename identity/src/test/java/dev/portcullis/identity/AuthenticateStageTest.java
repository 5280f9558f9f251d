package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.Credentials;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@link AuthenticateStage}. */
class AuthenticateStageTest {
  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);
  private final AuthenticateStage stage =
      new AuthenticateStage(world.callers, world.agents, world.instances, world.clock);
  private int proceeded;

  @Test
  void apply_instanceToken_authenticatesNotesAndProceeds() {
    String token = world.enrol("invoice-bot", "i1", key);
    Exchange exchange = exchange(token, key.mcp(token));

    Outcome outcome = stage.apply(exchange, this::proceed);

    assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
    assertThat(proceeded).isEqualTo(1);
    assertThat(exchange.principal().agentId()).isEqualTo("invoice-bot");
    assertThat(exchange.notes()).containsOnly(Map.entry("agent", "invoice-bot"),
        Map.entry("instance", "spiffe://portcullis.example/agent/invoice-bot/i/i1"));
    assertThat(world.agents.touches).containsExactly(TestClock.START);
    assertThat(world.instances.touches).containsExactly("invoice-bot/i1@" + TestClock.START);
  }

  @Test
  void apply_delegationToken_notesUserTxnTaskAndDepthButNoToken() {
    String token = world.delegate(world.enrol("invoice-bot", "i1", key), key);
    Exchange exchange = exchange(token, key.mcp(token));

    stage.apply(exchange, this::proceed);

    assertThat(exchange.notes())
        .containsEntry("agent", "invoice-bot")
        .containsEntry("instance", "spiffe://portcullis.example/agent/invoice-bot/i/i1")
        .containsEntry("user", IdentityFixture.ALICE_KEY)
        .containsEntry("task", "inv-4711")
        .containsEntry("depth", 1)
        .containsKey("txn");
    assertThat(exchange.notes().toString()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
    assertThat(exchange.principal().delegation().txn()).isEqualTo(exchange.notes().get("txn"));
  }

  @Test
  void apply_urlWithQuery_checksTheResourceWithoutIt() {
    String token = world.delegate(world.enrol("invoice-bot", "i1", key), key);
    var credentials = new Credentials(token, key.mcp(token), "POST", ProofForge.MCP_URL + "?session=1");
    Exchange exchange = new Exchange("ex-1", TestClock.START, request(), credentials);

    assertThat(stage.apply(exchange, this::proceed)).isInstanceOf(Outcome.Accepted.class);
  }

  @Test
  void apply_missingBearer_isRejectedWithoutProceeding() {
    GatewayException thrown = catchThrowableOfType(GatewayException.class,
        () -> stage.apply(exchange(null, null), this::proceed));

    assertThat(thrown.error()).isEqualTo(new GatewayError.Unauthenticated("missing bearer token"));
    assertThat(proceeded).isZero();
    assertThat(world.agents.touches).isEmpty();
  }

  @Test
  void apply_forgedToken_isRejectedWithoutProceeding() {
    String token = TokenForge.withSignature(world.forge.header(), world.forge.claims(), new byte[64]);
    Exchange exchange = exchange(token, null);

    GatewayException thrown = catchThrowableOfType(GatewayException.class, () -> stage.apply(exchange, this::proceed));

    assertThat(thrown.error()).isInstanceOf(GatewayError.Unauthenticated.class);
    assertThat(exchange.principal()).isNull();
    assertThat(proceeded).isZero();
  }

  @Test
  void apply_callsWithinAMinute_touchOnce() {
    String token = world.enrol("invoice-bot", "i1", key);
    stage.apply(exchange(token, key.mcp(token)), this::proceed);
    world.clock.advance(Duration.ofSeconds(59));
    stage.apply(exchange(token, key.mcp(token)), this::proceed);

    assertThat(proceeded).isEqualTo(2);
    assertThat(world.agents.touches).containsExactly(TestClock.START);
    assertThat(world.instances.touches).hasSize(1);
  }

  @Test
  void apply_callAfterAMinute_touchesAgain() {
    String token = world.enrol("invoice-bot", "i1", key);
    stage.apply(exchange(token, key.mcp(token)), this::proceed);
    world.clock.advance(Duration.ofSeconds(60));
    stage.apply(exchange(token, key.mcp(token)), this::proceed);

    assertThat(world.agents.touches).containsExactly(TestClock.START, TestClock.START.plusSeconds(60));
    assertThat(world.instances.touches).hasSize(2);
  }

  @Test
  void name_isAuthenticate() {
    assertThat(stage.name()).isEqualTo("authenticate");
  }

  @Test
  void resource_dropsQueryAndFragment() {
    assertThat(AuthenticateStage.resource("https://gw.example.com/mcp/bank?a=b#c")).isEqualTo(IdentityFixture.BANK);
    assertThat(AuthenticateStage.resource("https://gw.example.com/mcp/bank#c?d")).isEqualTo(IdentityFixture.BANK);
  }

  private Outcome proceed(Exchange exchange) {
    proceeded++;
    return new Outcome.Accepted();
  }

  private static McpRequest request() {
    return new McpRequest("bank", "tools/list", 1, Map.of(), "2025-11-25", null, "127.0.0.1");
  }

  private static Exchange exchange(String bearer, String proof) {
    return new Exchange("ex-1", TestClock.START, request(), new Credentials(bearer, proof, "POST", ProofForge.MCP_URL));
  }
}
