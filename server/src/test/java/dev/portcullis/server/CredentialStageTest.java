package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Principal;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.VaultException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialStageTest {
  private static final Instant TOKEN_EXP = Instant.parse("2026-11-22T10:10:00Z");
  private static final Instant DELEGATION_EXP = Instant.parse("2026-11-22T10:05:00Z");
  private static final String SECRET = "eyJ-the-access-token-itself";

  private final List<Object[]> checkOuts = new ArrayList<>();

  private CredentialStage stage(LastMileCredential issued) {
    return new CredentialStage(Map.of(), Map.of("billing", "billing-api"), (backend, scope, grantEnds) -> {
      checkOuts.add(new Object[] {backend, scope, grantEnds});
      return issued;
    });
  }

  private static Exchange call(String upstream, Principal principal) {
    var e = new Exchange("x", Instant.EPOCH, new McpRequest("s", "tools/call", 1, Map.of("name", upstream + ".t"),
        "2025-11-25", null, null), null);
    e.authenticate(principal);
    e.resolveTool(new ToolDefinition(upstream + ".t", upstream, "t", "sha256:00", Map.of()));
    return e;
  }

  private static Principal ownAgent() {
    return new Principal("ledger-bot", "spiffe://td/agent/ledger-bot/i/1", "ops", "jti-7", TOKEN_EXP, Map.of(), null);
  }

  private static Principal delegated(String task) {
    var d = new Delegation("alice", "https://idp", List.of(new Delegation.Actor("researcher", "spiffe://td/agent/researcher/i/r"),
        new Delegation.Actor("planner", "spiffe://td/agent/planner/i/p")), "txn-9", task, List.of(), "https://gw/mcp/s",
        DELEGATION_EXP);
    return new Principal("researcher", "spiffe://td/agent/researcher/i/r", "ops", "jti-8", TOKEN_EXP, Map.of(), d);
  }

  private static Outcome run(CredentialStage stage, Exchange e) {
    return stage.apply(e, ex -> new Outcome.Accepted());
  }

  @Test
  void headerCredential_goesToTheUpstreamRequestAndTheForwardStage_andTheNoteNamesOnlyTheLease() {
    var issued = new LastMileCredential.Headers("billing-api/abc", DELEGATION_EXP, Map.of("Authorization", "Bearer " + SECRET));
    var e = call("billing", delegated("reconcile-4711"));
    run(stage(issued), e);

    assertThat(e.upstreamHeaders()).containsEntry("Authorization", "Bearer " + SECRET);
    assertThat(e.get(LastMileCredential.KEY)).isSameAs(issued);
    assertThat(e.notes().toString()).contains("billing-api/abc").doesNotContain(SECRET);
  }

  @Test
  void delegatedCall_leaseScopeIsTheUsersTaskWithTheChainRootFirst_andEndsWithTheDelegation() {
    run(stage(new LastMileCredential.DatabaseLogin("db/1", DELEGATION_EXP, "pc_x", "pw")), call("billing", delegated("reconcile-4711")));

    LeaseScope scope = (LeaseScope) checkOuts.getFirst()[1];
    assertThat(scope.user()).isEqualTo("https://idp#alice");
    assertThat(scope.agents()).containsExactly("planner", "researcher");
    assertThat(scope.task()).isEqualTo("reconcile-4711");
    assertThat(scope.txn()).isEqualTo("txn-9");
    assertThat(checkOuts.getFirst()[2]).isEqualTo(DELEGATION_EXP);
  }

  @Test
  void delegationWithoutTask_usesItsTransactionAsTheTask() {
    run(stage(new LastMileCredential.DatabaseLogin("db/1", DELEGATION_EXP, "pc_x", "pw")), call("billing", delegated(null)));

    assertThat(((LeaseScope) checkOuts.getFirst()[1]).task()).isEqualTo("txn:txn-9");
  }

  @Test
  void agentOnItsOwn_leaseLastsAsLongAsItsToken() {
    run(stage(new LastMileCredential.DatabaseLogin("db/1", TOKEN_EXP, "pc_x", "pw")), call("billing", ownAgent()));

    LeaseScope scope = (LeaseScope) checkOuts.getFirst()[1];
    assertThat(scope.user()).isNull();
    assertThat(scope.agents()).containsExactly("ledger-bot");
    assertThat(scope.task()).isEqualTo("token:jti-7");
    assertThat(checkOuts.getFirst()[2]).isEqualTo(TOKEN_EXP);
  }

  @Test
  void upstreamWithoutBackend_checksOutNothing() {
    var e = call("weather", ownAgent());
    run(stage(new LastMileCredential.DatabaseLogin("db/1", TOKEN_EXP, "pc_x", "pw")), e);

    assertThat(checkOuts).isEmpty();
    assertThat(e.get(LastMileCredential.KEY)).isNull();
  }

  @Test
  void sealedVault_refusesTheCallWithTheReason() {
    var sealed = new CredentialStage(Map.of(), Map.of("billing", "billing-api"), (b, s, g) -> {
      throw new VaultException(VaultException.Reason.SEALED, "the vault is sealed: no root key was given");
    });

    assertThatThrownBy(() -> run(sealed, call("billing", ownAgent())))
        .isInstanceOfSatisfying(GatewayException.class, ex -> assertThat(ex.error())
            .isEqualTo(new GatewayError.CredentialUnavailable("billing-api", "the vault is sealed: no root key was given")));
  }
}
