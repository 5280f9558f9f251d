package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.RevocationRecord.Kind;
import org.junit.jupiter.api.Test;

/**
 * Tokens that worked a moment ago, used again after something they depend on was revoked or
 * disabled: each is refused on the very next call, and so is every token derived from it.
 */
class RevocationAttackTest {
  private static final String INVOICE_I1 = "spiffe://portcullis.example/agent/invoice-bot/i/i1";

  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge invoiceKey = new ProofForge(world.clock);
  private final ProofForge ocrKey = new ProofForge(world.clock);
  private final String instance = world.enrol("invoice-bot", "i1", invoiceKey);
  private final String parent = world.delegate(instance, invoiceKey);
  private final String child = world.narrow(parent, world.enrol("ocr-bot", "o1", ocrKey), ocrKey,
      IdentityFixture.BANK, null);

  private void revoke(Kind kind, String target) {
    world.revocations.revoke(new RevocationRecord(kind, target, "incident 42", "secops", TestClock.START));
  }

  private void assertWorksThenRefused(Runnable revoke, String reasonPart) {
    assertThat(world.call(parent, invoiceKey).agentId()).isEqualTo("invoice-bot");
    assertThat(world.call(child, ocrKey).agentId()).isEqualTo("ocr-bot");
    revoke.run();
    assertRefused(() -> world.call(parent, invoiceKey), reasonPart, parent);
    assertRefused(() -> world.call(child, ocrKey), reasonPart, child);
  }

  @Test
  void revokedAgent_isRefusedAndCascadesToTheSubAgent() {
    assertWorksThenRefused(() -> revoke(Kind.AGENT, "invoice-bot"), "agent 'invoice-bot' is revoked");
  }

  @Test
  void revokedInstance_isRefusedAndCascades() {
    assertWorksThenRefused(() -> revoke(Kind.INSTANCE, INVOICE_I1), "agent instance '" + INVOICE_I1 + "' is revoked");
  }

  @Test
  void revokedUser_isRefusedAndCascades() {
    assertWorksThenRefused(() -> revoke(Kind.USER, IdentityFixture.ALICE_KEY), "the user's delegations are revoked");
  }

  @Test
  void revokedTask_isRefusedAndCascades() {
    assertWorksThenRefused(() -> revoke(Kind.TASK, "inv-4711"), "task 'inv-4711' is revoked");
  }

  @Test
  void revokedTransaction_isRefusedAndCascades() {
    String txn = (String) TokenForge.claimsOf(parent).get("txn");
    assertWorksThenRefused(() -> revoke(Kind.TXN, txn), "the transaction is revoked");
  }

  @Test
  void revokedToken_isRefusedButItsSiblingsAreNot() {
    revoke(Kind.TOKEN, (String) TokenForge.claimsOf(parent).get("jti"));
    assertRefused(() -> world.call(parent, invoiceKey), "the token is revoked", parent);
    assertThat(world.call(child, ocrKey).agentId()).isEqualTo("ocr-bot");
  }

  @Test
  void revokedInstanceToken_isRefused() {
    revoke(Kind.TOKEN, (String) TokenForge.claimsOf(instance).get("jti"));
    assertRefused(() -> world.call(instance, invoiceKey), "the token is revoked", instance);
  }

  @Test
  void parentAgentDisabled_refusesTheSubAgentsToken() {
    assertWorksThenRefused(() -> world.agents.put(InMemoryAgents.agent("invoice-bot", AgentRecord.Status.DISABLED)),
        "agent 'invoice-bot' is disabled");
  }

  @Test
  void parentInstanceRevokedInTheStore_refusesTheSubAgentsToken() {
    assertWorksThenRefused(() -> world.instances.revoke("invoice-bot", "i1"),
        "an instance of agent 'invoice-bot' is revoked");
  }

  @Test
  void revocationByAnotherReplica_takesEffectAfterRefresh() {
    assertThat(world.call(child, ocrKey).agentId()).isEqualTo("ocr-bot");
    world.revocationStore.add(new RevocationRecord(Kind.AGENT, "ocr-bot", "x", "secops", TestClock.START));
    assertThat(world.call(child, ocrKey).agentId()).isEqualTo("ocr-bot");

    world.revocations.refresh();

    assertRefused(() -> world.call(child, ocrKey), "agent 'ocr-bot' is revoked", child);
    assertThat(world.call(parent, invoiceKey).agentId()).isEqualTo("invoice-bot");
  }

  @Test
  void refusalNamesNeitherTheRevokersReasonNorTheirName() {
    revoke(Kind.USER, IdentityFixture.ALICE_KEY);
    var refusal = assertRefused(() -> world.call(parent, invoiceKey), "revoked", parent);
    assertThat(refusal.message()).doesNotContain("incident 42").doesNotContain("secops");
  }
}
