package dev.portcullis.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.CanonicalJson;
import dev.portcullis.core.Decision;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.ExchangeListener;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.StageChain;
import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.ApprovalRecord.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Held calls run on virtual threads; the test thread decides. The class timeout only guards
 * against a hang when waking is broken; no assertion depends on timing.
 */
@Timeout(30)
class ApprovalDeskTest {
  private static final Map<String, Object> ARGS = Map.of("invoice", "4711", "amount", 250);
  private static final Duration FOREVER = Duration.ofHours(1);

  private final InMemoryApprovalRepository repository = new InMemoryApprovalRepository();
  private final FakeClock clock = new FakeClock();
  private final LinkedBlockingQueue<ApprovalRecord> notified = new LinkedBlockingQueue<>();
  private final Calls.Upstream upstream = new Calls.Upstream();

  private ApprovalDesk desk(Duration pollInterval) {
    var desk = new ApprovalDesk(repository, clock, Duration.ofMinutes(5), pollInterval);
    desk.onPending(notified::add);
    return desk;
  }

  /** Runs the exchange through approve → upstream on a virtual thread. */
  private CompletableFuture<Outcome> hold(ApprovalDesk desk, Exchange exchange) {
    var chain = new StageChain(List.of(new ApprovalStage(desk), upstream), ExchangeListener.NONE);
    var outcome = new CompletableFuture<Outcome>();
    Thread.ofVirtual().start(() -> outcome.complete(chain.run(exchange)));
    return outcome;
  }

  private static Outcome refused(String id, String reason) {
    return new Outcome.Failed(new GatewayError.ApprovalRefused(id, reason));
  }

  @Test
  void hold_recordsPendingApprovalBoundToTheExactCall() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));

    ApprovalRecord pending = notified.take();

    assertThat(pending.id()).matches("apr_[A-Za-z0-9_-]{20}");
    assertThat(pending.status()).isEqualTo(Status.PENDING);
    assertThat(pending.agentId()).isEqualTo("invoice-bot");
    assertThat(pending.tool()).isEqualTo("erp.pay");
    assertThat(pending.argsDigest()).isEqualTo(CanonicalJson.digest(ARGS));
    assertThat(pending.arguments()).isEqualTo(ARGS);
    assertThat(pending.policyVersion()).isEqualTo("v1");
    assertThat(pending.rule()).isEqualTo("payments-need-approval");
    assertThat(pending.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(desk.pending()).extracting(ApprovalRecord::id).containsExactly(pending.id());
    assertThat(outcome).isNotDone();

    desk.deny(pending.id(), "alice", null);
    assertThat(outcome.join()).isEqualTo(refused(pending.id(), "was denied by alice"));
  }

  @Test
  void approve_inProcess_resumesTheHeldCall_andConsumesTheApproval() throws Exception {
    var desk = desk(FOREVER);
    Exchange exchange = Calls.heldCall("invoice-bot", "erp.pay", ARGS);
    var outcome = hold(desk, exchange);
    String id = notified.take().id();

    ApprovalRecord approved = desk.approve(id, "alice", "checked with finance");

    assertThat(approved.status()).isEqualTo(Status.APPROVED);
    assertThat(approved.decidedBy()).isEqualTo("alice");
    assertThat(outcome.join()).isInstanceOf(Outcome.Reply.class);
    assertThat(upstream.calls).hasValue(1);
    assertThat(exchange.notes()).containsEntry("approval", Map.of("id", id, "approvedBy", "alice"));
    assertThat(repository.get(id)).get().satisfies(r -> {
      assertThat(r.status()).isEqualTo(Status.CONSUMED);
      assertThat(r.decidedBy()).isEqualTo("alice");
      assertThat(r.comment()).isEqualTo("checked with finance");
    });
  }

  @Test
  void deny_refusesTheHeldCallNamingWhoAndWhy() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = notified.take().id();

    desk.deny(id, "bob", "amount looks wrong");

    assertThat(outcome.join()).isEqualTo(refused(id, "was denied by bob: amount looks wrong"));
    assertThat(upstream.calls).hasValue(0);
    assertThat(repository.get(id)).get().extracting(ApprovalRecord::status).isEqualTo(Status.DENIED);
  }

  @Test
  void hold_noDecisionBeforeExpiry_isRefusedAndRecordExpires() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = notified.take().id();

    clock.advance(Duration.ofMinutes(4));
    desk.wakeAll();
    clock.advance(Duration.ofMinutes(1));
    desk.wakeAll();

    assertThat(outcome.join()).isEqualTo(refused(id, "expired after 5 min without a decision"));
    assertThat(repository.get(id)).get().extracting(ApprovalRecord::status).isEqualTo(Status.EXPIRED);
    assertThat(upstream.calls).hasValue(0);
  }

  @Test
  void approve_afterExpiry_failsAndTheCallIsRefused() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = notified.take().id();
    clock.advance(Duration.ofMinutes(5));

    assertThatThrownBy(() -> desk.approve(id, "alice", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("approval " + id + " has already expired");
    assertThat(outcome.join()).isEqualTo(refused(id, "expired after 5 min without a decision"));
  }

  @Test
  void decisionWrittenByAnotherReplica_isPickedUpByPolling() throws Exception {
    var desk = desk(Duration.ofMillis(5));
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = notified.take().id();

    // No call on this desk: only polling the store can see it.
    assertThat(repository.transition(id, Status.PENDING, Status.APPROVED, "carol", clock.instant(), null)).isTrue();

    assertThat(outcome.join()).isInstanceOf(Outcome.Reply.class);
    assertThat(repository.get(id)).get().extracting(ApprovalRecord::status).isEqualTo(Status.CONSUMED);
  }

  @Test
  void approvalConsumedByAnotherBeforeTheHolder_isRefusedAsAlreadyUsed() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = notified.take().id();
    repository.beforeConsume = () -> {
      repository.beforeConsume = () -> {};
      repository.transition(id, Status.APPROVED, Status.CONSUMED, "alice", clock.instant(), null);
    };

    desk.approve(id, "alice", null);

    assertThat(outcome.join()).isEqualTo(refused(id, "was already used"));
    assertThat(upstream.calls).hasValue(0);
  }

  @Test
  void consumedApproval_cannotBeDecidedOrConsumedAgain() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = notified.take().id();
    desk.approve(id, "alice", null);
    assertThat(outcome.join()).isInstanceOf(Outcome.Reply.class);

    assertThatThrownBy(() -> desk.approve(id, "alice", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("approval " + id + " was already approved by alice and used");
    assertThat(repository.transition(id, Status.APPROVED, Status.CONSUMED, "alice", clock.instant(), null)).isFalse();
  }

  @Test
  void approvalRebound_toOtherArguments_isRefused() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    ApprovalRecord p = notified.take();

    repository.overwrite(new ApprovalRecord(p.id(), p.exchangeId(), p.agentId(), p.tool(),
        CanonicalJson.digest(Map.of("invoice", "4711", "amount", 99999)), p.arguments(), p.policyVersion(), p.rule(),
        p.reason(), Status.APPROVED, p.createdAt(), p.expiresAt(), "mallory", clock.instant(), null));
    desk.wakeAll();

    assertThat(outcome.join()).isEqualTo(refused(p.id(), "is bound to a different call (argument digest differs)"));
    assertThat(upstream.calls).hasValue(0);
    assertThat(repository.get(p.id())).get().extracting(ApprovalRecord::status).isEqualTo(Status.APPROVED);
  }

  @Test
  void approvalRebound_toOtherPolicyVersion_isRefused() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    ApprovalRecord p = notified.take();

    repository.overwrite(new ApprovalRecord(p.id(), p.exchangeId(), p.agentId(), p.tool(), p.argsDigest(),
        p.arguments(), "v0", p.rule(), p.reason(), Status.APPROVED, p.createdAt(), p.expiresAt(), "alice",
        clock.instant(), null));
    desk.wakeAll();

    assertThat(outcome.join()).isEqualTo(refused(p.id(), "is bound to a different call (policy version differs)"));
  }

  @Test
  void approve_unknownId_failsNamingTheId() {
    var desk = desk(FOREVER);
    assertThatThrownBy(() -> desk.approve("apr_nope", "alice", null))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no approval with id apr_nope");
  }

  @Test
  void approve_alreadyDenied_failsNamingWhoDecided() throws Exception {
    var desk = desk(FOREVER);
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = notified.take().id();
    desk.deny(id, "bob", null);
    outcome.join();

    assertThatThrownBy(() -> desk.approve(id, "alice", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("approval " + id + " is already denied by bob");
    assertThatThrownBy(() -> desk.deny(id, "alice", null))
        .hasMessage("approval " + id + " is already denied by bob");
  }

  @Test
  void approve_withoutApprover_isRejected() throws Exception {
    var desk = desk(FOREVER);
    hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = notified.take().id();

    assertThatThrownBy(() -> desk.approve(id, " ", null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(repository.get(id)).get().extracting(ApprovalRecord::status).isEqualTo(Status.PENDING);
    desk.deny(id, "alice", null);
  }

  @Test
  void hold_interrupted_isRefusedAndTheRecordExpires() throws Exception {
    var desk = desk(FOREVER);
    var chain = new StageChain(List.of(new ApprovalStage(desk), upstream), ExchangeListener.NONE);
    var outcome = new CompletableFuture<Outcome>();
    Thread thread = Thread.ofVirtual().start(() -> outcome.complete(chain.run(Calls.heldCall("bot", "erp.pay", ARGS))));
    String id = notified.take().id();

    thread.interrupt();

    assertThat(outcome.join()).isEqualTo(refused(id, "was abandoned: the held call was interrupted before a decision"));
    assertThat(repository.get(id)).get().extracting(ApprovalRecord::status).isEqualTo(Status.EXPIRED);
  }

  @Test
  void approvalStage_decisionNotRequiringApproval_passesWithoutHolding() {
    var desk = desk(FOREVER);
    Exchange allowed = Calls.toolCall("invoice-bot", "erp.read", ARGS);
    allowed.decide(new Decision(Decision.Effect.ALLOW, "reads", "reads are fine", "v1"));
    Exchange undecided = Calls.method("invoice-bot", "tools/list");

    assertThat(hold(desk, allowed).join()).isInstanceOf(Outcome.Reply.class);
    assertThat(hold(desk, undecided).join()).isInstanceOf(Outcome.Reply.class);
    assertThat(repository.list(null)).isEmpty();
    assertThat(notified).isEmpty();
  }

  @Test
  void onPendingListenerThatThrows_doesNotStopTheHold() throws Exception {
    var desk = desk(FOREVER);
    var seen = new LinkedBlockingQueue<ApprovalRecord>();
    desk.onPending(r -> {
      seen.add(r);
      throw new IllegalStateException("webhook down");
    });
    var outcome = hold(desk, Calls.heldCall("invoice-bot", "erp.pay", ARGS));
    String id = seen.take().id();

    desk.approve(id, "alice", null);

    assertThat(outcome.join()).isInstanceOf(Outcome.Reply.class);
  }

  @Test
  void heldCall_digestNotMatchingArguments_isRejected() {
    assertThatThrownBy(() -> new HeldCall("ex-1", "bot", "erp.pay", CanonicalJson.digest(Map.of()), ARGS, "v1", null, "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void words_saysDurationsAsPeopleDo() {
    assertThat(ApprovalDesk.words(Duration.ofMinutes(5))).isEqualTo("5 min");
    assertThat(ApprovalDesk.words(Duration.ofHours(2))).isEqualTo("2 h");
    assertThat(ApprovalDesk.words(Duration.ofSeconds(90))).isEqualTo("90 s");
  }
}
