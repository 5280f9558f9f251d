package dev.portcullis.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.ExchangeListener;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.StageChain;
import dev.portcullis.core.state.KillSwitch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KillSwitchStageTest {
  private final InMemorySwitchRepository repository = new InMemorySwitchRepository();
  private final KillSwitchBoard board = new KillSwitchBoard(repository, new FakeClock());
  private final Calls.Upstream upstream = new Calls.Upstream();
  private final StageChain chain = new StageChain(List.of(new KillSwitchStage(board), upstream), ExchangeListener.NONE);

  private Outcome call(String agent, String tool) { return chain.run(Calls.toolCall(agent, tool, Map.of())); }

  @Test
  void killSwitch_global_stopsEveryCallIncludingToolsList_andReleaseRestores() {
    board.engage("global", null, "incident 42", "oncall");

    assertThat(call("invoice-bot", "erp.post_invoice")).isEqualTo(
        new Outcome.Failed(new GatewayError.Stopped("global", "incident 42")));
    assertThat(chain.run(Calls.method("invoice-bot", "tools/list"))).isInstanceOf(Outcome.Failed.class);
    assertThat(upstream.calls).hasValue(0);

    assertThat(board.release("global", "*")).isTrue();
    assertThat(chain.run(Calls.method("invoice-bot", "tools/list"))).isInstanceOf(Outcome.Reply.class);
    assertThat(upstream.calls).hasValue(1);
  }

  @Test
  void killSwitch_agent_stopsOnlyThatAgent() {
    board.engage("agent", "invoice-bot", "looping", "alice");

    assertThat(call("invoice-bot", "erp.post_invoice")).isEqualTo(
        new Outcome.Failed(new GatewayError.Stopped("agent invoice-bot", "looping")));
    assertThat(call("report-bot", "erp.post_invoice")).isInstanceOf(Outcome.Reply.class);

    board.release("agent", "invoice-bot");
    assertThat(call("invoice-bot", "erp.post_invoice")).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void killSwitch_tool_stopsOnlyThatNamespacedTool() {
    board.engage("tool", "erp.post_invoice", "bad release", "alice");

    assertThat(call("invoice-bot", "erp.post_invoice")).isEqualTo(
        new Outcome.Failed(new GatewayError.Stopped("tool erp.post_invoice", "bad release")));
    assertThat(call("invoice-bot", "erp.read_invoice")).isInstanceOf(Outcome.Reply.class);
    assertThat(chain.run(Calls.method("invoice-bot", "tools/list"))).isInstanceOf(Outcome.Reply.class);

    board.release("tool", "erp.post_invoice");
    assertThat(call("invoice-bot", "erp.post_invoice")).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void killSwitch_upstream_stopsEveryToolOfThatUpstream() {
    board.engage("upstream", "erp", "maintenance", "alice");

    assertThat(call("invoice-bot", "erp.post_invoice")).isEqualTo(
        new Outcome.Failed(new GatewayError.Stopped("upstream erp", "maintenance")));
    assertThat(call("invoice-bot", "erp.read.invoice")).isInstanceOf(Outcome.Failed.class);
    assertThat(call("invoice-bot", "crm.find_customer")).isInstanceOf(Outcome.Reply.class);

    board.release("upstream", "erp");
    assertThat(call("invoice-bot", "erp.post_invoice")).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void engage_unknownScope_isRejectedListingValidScopes() {
    assertThatThrownBy(() -> board.engage("planet", "earth", "why not", "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'planet'")
        .hasMessageContaining("[global, agent, tool, upstream]");
    assertThat(repository.list()).isEmpty();
  }

  @Test
  void engage_agentScopeWithoutTarget_isRejected() {
    assertThatThrownBy(() -> board.engage("agent", " ", "r", "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a target");
  }

  @Test
  void refresh_seesSwitchEngagedByAnotherReplica() {
    repository.engage(new KillSwitch("agent", "invoice-bot", "from replica b", "bob", new FakeClock().instant()));
    assertThat(board.match("invoice-bot", null, null)).isEmpty();

    board.refresh();

    assertThat(board.match("invoice-bot", null, null)).map(KillSwitch::reason).contains("from replica b");
    assertThat(board.list()).hasSize(1);
  }

  @Test
  void refresh_switchWithScopeThisVersionDoesNotKnow_stopsEverything() {
    repository.engage(new KillSwitch("tenant", "acme", "newer replica", "bob", new FakeClock().instant()));
    board.refresh();

    Exchange exchange = Calls.method("report-bot", "tools/list");
    assertThat(chain.run(exchange)).isInstanceOf(Outcome.Failed.class);
  }
}
