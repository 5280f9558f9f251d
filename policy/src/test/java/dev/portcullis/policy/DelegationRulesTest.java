package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.Decision.Effect;
import dev.portcullis.core.Delegation;
import dev.portcullis.core.PolicyEngine.PolicyRequest;
import dev.portcullis.core.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules over the delegation chain: who the user is, which agents stand between, what the task grants. */
class DelegationRulesTest {
  private static final String POLICY = """
      rules:
        - id: finance-chain-only
          effect: allow
          description: Payments only for delegated users, through the planner, at most two agents deep
          tools: ["bank.*"]
          when: 'delegation.delegated && delegation.agents[size(delegation.agents) - 1] == "planner" && delegation.depth <= 2'
        - id: no-autonomous-payments
          effect: deny
          description: An agent acting on its own never pays
          tools: ["bank.send_money"]
          when: '!delegation.delegated'
      """;

  @Test
  void chainEndingAtThePlanner_isAllowed() throws Exception {
    var decision = Requests.engine(POLICY).decide(request(delegated("researcher", "planner")), CallLabels.NONE);

    assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
    assertThat(decision.rule()).isEqualTo("finance-chain-only");
  }

  @Test
  void chainThatIsTooDeep_isNotAllowed() throws Exception {
    var decision = Requests.engine(POLICY).decide(request(delegated("payer", "researcher", "planner")), CallLabels.NONE);

    assertThat(decision.effect()).isNotEqualTo(Effect.ALLOW);
  }

  @Test
  void agentOnItsOwn_seesNoDelegation() throws Exception {
    var decision = Requests.engine(POLICY).decide(request(Requests.agent("planner")), CallLabels.NONE);

    assertThat(decision.effect()).isEqualTo(Effect.DENY);
    assertThat(decision.rule()).isEqualTo("no-autonomous-payments");
  }

  @Test
  void misspeltDelegationField_isALoadError() {
    assertThatThrownBy(() -> Requests.engine("""
        rules:
          - id: typo
            effect: allow
            when: 'delegation.agnets == []'
        """)).isInstanceOf(PolicyLoadException.class).hasMessageContaining("agnets");
  }

  private static PolicyRequest request(Principal principal) {
    return new PolicyRequest("tools/call", principal, Requests.tool("bank.send_money"), Map.of(), Map.of(), Requests.NOW);
  }

  private static Principal delegated(String... chain) {
    var actors = java.util.Arrays.stream(chain).map(a -> new Delegation.Actor(a, "spiffe://td/agent/" + a + "/i/1")).toList();
    var d = new Delegation("alice", "https://idp.example", actors, "txn-1", "pay-rent",
        List.of(Map.of("type", "portcullis_task", "task", "pay-rent", "tools", List.of("bank.*"))), "http://gw/mcp/bank",
        Requests.NOW.plusSeconds(300));
    return new Principal(chain[0], actors.getFirst().subject(), "ops", "j1", Requests.NOW.plusSeconds(300), Map.of(), d);
  }
}
