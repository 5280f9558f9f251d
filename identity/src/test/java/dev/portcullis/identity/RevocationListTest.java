package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Principal;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.RevocationRecord.Kind;
import dev.portcullis.core.state.RevocationRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory view of revocations kept by {@link RevocationList}. */
class RevocationListTest {
  private static final String I1 = "spiffe://portcullis.example/agent/invoice-bot/i/i1";
  private static final String O1 = "spiffe://portcullis.example/agent/ocr-bot/i/o1";

  private final InMemoryRevocations store = new InMemoryRevocations();
  private final RevocationList list = new RevocationList(store);

  private static RevocationRecord revocation(Kind kind, String target) {
    return new RevocationRecord(kind, target, "why", "who", TestClock.START);
  }

  private static Principal delegated() {
    var delegation = new Delegation("alice", "https://idp.example.com", List.of(new Delegation.Actor("ocr-bot", O1),
        new Delegation.Actor("invoice-bot", I1)), "txn-1", "task-1", List.of(), "https://gw.example.com/mcp/bank",
        Instant.MAX);
    return new Principal("ocr-bot", O1, "alice@example.com", "jti-1", Instant.MAX, Map.of(), delegation);
  }

  @Test
  void new_loadsWhatTheStoreHolds() {
    store.add(revocation(Kind.AGENT, "invoice-bot"));
    assertThat(new RevocationList(store).find(Kind.AGENT, "invoice-bot")).isPresent();
  }

  @Test
  void revoke_writesTheStoreAndAppliesAtOnce() {
    list.revoke(revocation(Kind.TASK, "task-1"));
    assertThat(store.list()).extracting(RevocationRecord::target).containsExactly("task-1");
    assertThat(list.firstRevoked(delegated())).map(RevocationRecord::kind).contains(Kind.TASK);
  }

  @Test
  void revoke_storeFailure_changesNothing() {
    RevocationRepository failing = new RevocationRepository() {
      @Override public void add(RevocationRecord revocation) { throw new IllegalStateException("disk full"); }
      @Override public List<RevocationRecord> list() { return List.of(); }
    };
    var failingList = new RevocationList(failing);
    assertThatThrownBy(() -> failingList.revoke(revocation(Kind.USER, "x"))).hasMessage("disk full");
    assertThat(failingList.size()).isZero();
  }

  @Test
  void refresh_addsWhatOtherReplicasWrote() {
    store.add(revocation(Kind.TXN, "txn-1"));
    assertThat(list.firstRevoked(delegated())).isEmpty();
    list.refresh();
    assertThat(list.firstRevoked(delegated())).map(RevocationRecord::kind).contains(Kind.TXN);
  }

  @Test
  void firstRevoked_coversEveryPartOfTheDelegation() {
    for (var revoked : List.of(revocation(Kind.TOKEN, "jti-1"), revocation(Kind.AGENT, "ocr-bot"),
        revocation(Kind.AGENT, "invoice-bot"), revocation(Kind.INSTANCE, O1), revocation(Kind.INSTANCE, I1),
        revocation(Kind.USER, "https://idp.example.com#alice"), revocation(Kind.TASK, "task-1"),
        revocation(Kind.TXN, "txn-1"))) {
      var single = new RevocationList(new InMemoryRevocations());
      single.revoke(revoked);
      assertThat(single.firstRevoked(delegated())).as(revoked.toString()).contains(revoked);
    }
  }

  @Test
  void firstRevoked_otherTargets_findNothing() {
    list.revoke(revocation(Kind.AGENT, "mail-bot"));
    list.revoke(revocation(Kind.USER, "https://idp.example.com#bob"));
    list.revoke(revocation(Kind.INSTANCE, "spiffe://portcullis.example/agent/invoice-bot/i/i2"));
    assertThat(list.firstRevoked(delegated())).isEmpty();
  }

  @Test
  void firstRevoked_directCaller_checksAgentInstanceAndToken() {
    var direct = new Principal("invoice-bot", I1, "o", "jti-9", Instant.MAX, Map.of());
    assertThat(list.firstRevoked(direct)).isEmpty();
    list.revoke(revocation(Kind.INSTANCE, I1));
    assertThat(list.firstRevoked(direct)).isPresent();
  }

  @Test
  void revoke_sameTargetTwice_keepsTheFirst() {
    list.revoke(revocation(Kind.AGENT, "a"));
    list.revoke(new RevocationRecord(Kind.AGENT, "a", "later", "other", TestClock.START.plusSeconds(5)));
    assertThat(list.find(Kind.AGENT, "a")).map(RevocationRecord::reason).contains("why");
    assertThat(list.size()).isEqualTo(1);
  }

  @Test
  void kindsDoNotMix() {
    list.revoke(revocation(Kind.TASK, "invoice-bot"));
    assertThat(list.find(Kind.AGENT, "invoice-bot")).isEmpty();
  }

  @Test
  void onRevocation_hearsLocalAndOtherReplicasRevocationsOnceEach() {
    var heard = new java.util.ArrayList<String>();
    list.onRevocation(r -> heard.add(r.kind() + ":" + r.target()));
    list.revoke(revocation(Kind.TASK, "task-1"));
    store.add(revocation(Kind.USER, "https://idp.example.com#alice"));
    list.refresh();
    list.refresh();

    assertThat(heard).containsExactly("TASK:task-1", "USER:https://idp.example.com#alice");
  }

  @Test
  void onRevocation_aFailingListener_doesNotStopTheOthersOrTheRevocation() {
    var heard = new java.util.ArrayList<String>();
    list.onRevocation(r -> { throw new IllegalStateException("backend down"); });
    list.onRevocation(r -> heard.add(r.target()));
    list.revoke(revocation(Kind.AGENT, "invoice-bot"));

    assertThat(heard).containsExactly("invoice-bot");
    assertThat(list.find(Kind.AGENT, "invoice-bot")).isPresent();
  }
}
