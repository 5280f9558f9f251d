package dev.portcullis.vault.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.MemoryStore;
import dev.portcullis.vault.TestClock;
import dev.portcullis.vault.Vault;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.VaultException.Reason;
import dev.portcullis.vault.crypto.RootKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CredentialBrokerTest {
  static final Duration TTL = Duration.ofMinutes(10);
  static final LeaseScope SCOPE = new LeaseScope("idp#alice", List.of("planner", "sql-bot"), "task-1", "txn-1");

  final MemoryStore store = new MemoryStore();
  final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  final Vault vault = Vault.open(store, clock, Optional.of(RootKey.generate()));
  final FakeBackend pg = new FakeBackend("pg");
  final LeaseManager leases = new LeaseManager(vault, store.leases(), Map.of("pg", pg), clock);
  final CredentialBroker broker = new CredentialBroker(leases, Map.of("pg", new LeaseTerms(TTL, Duration.ofHours(1))), clock);
  final Instant grantEnds = clock.instant().plus(Duration.ofHours(2));

  @Test
  void concurrentCheckOutsForOneTask_produceOneLease() throws Exception {
    pg.mintGate = new CountDownLatch(1);
    int callers = 16;
    CountDownLatch ready = new CountDownLatch(callers);
    List<Future<LastMileCredential>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          ready.countDown();
          return broker.checkOut("pg", SCOPE, grantEnds);
        }));
      }
      ready.await();
      while (pg.mints.get() == 0) {
        Thread.onSpinWait();
      }
      pg.mintGate.countDown();
      Set<String> leaseIds = new HashSet<>();
      for (Future<LastMileCredential> result : results) {
        leaseIds.add(result.get().leaseId());
      }
      assertThat(leaseIds).hasSize(1);
    }
    assertThat(pg.mints).hasValue(1);
    assertThat(leases.list()).hasSize(1);
  }

  @Test
  void checkOut_reusesTheCredentialWhileItHasLifeLeft() {
    LastMileCredential first = broker.checkOut("pg", SCOPE, grantEnds);
    clock.advance(Duration.ofMinutes(7));

    LastMileCredential again = broker.checkOut("pg", SCOPE, grantEnds);

    assertThat(again).isSameAs(first);
    assertThat(pg.mints).hasValue(1);
  }

  @Test
  void checkOut_nearTheEnd_issuesAFreshLeaseAndRevokesTheOld() {
    LastMileCredential first = broker.checkOut("pg", SCOPE, grantEnds);
    clock.advance(Duration.ofMinutes(9));

    LastMileCredential fresh = broker.checkOut("pg", SCOPE, grantEnds);

    assertThat(fresh.leaseId()).isNotEqualTo(first.leaseId());
    assertThat(pg.revoked).containsExactly(first.leaseId());
    assertThat(leases.list()).extracting(Lease::id).containsExactly(fresh.leaseId());
  }

  @Test
  void checkOut_ttlIsCutToTheGrantsEnd() {
    Instant soon = clock.instant().plus(Duration.ofMinutes(3));

    LastMileCredential credential = broker.checkOut("pg", SCOPE, soon);

    Lease lease = leases.find(credential.leaseId()).orElseThrow();
    assertThat(lease.expiresAt()).isEqualTo(soon);
    assertThat(lease.maxExpiresAt()).isEqualTo(soon);
    assertThat(credential.expiresAt()).isEqualTo(soon);
  }

  @Test
  void checkOut_afterTheGrantEnded_isRefused() {
    assertThatThrownBy(() -> broker.checkOut("pg", SCOPE, clock.instant()))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
        .hasMessageContaining("task-1");
    assertThat(pg.mints).hasValue(0);
  }

  @Test
  void checkOut_otherAgentChainOfTheSameTask_getsItsOwnCredential() {
    LastMileCredential parent = broker.checkOut("pg", SCOPE, grantEnds);
    LastMileCredential child = broker.checkOut("pg",
        new LeaseScope("idp#alice", List.of("planner", "sql-bot", "helper"), "task-1", "txn-1"), grantEnds);

    assertThat(child.leaseId()).isNotEqualTo(parent.leaseId());
  }

  @Test
  void checkOut_failedMint_reachesTheCallerAndIsRetriedNextTime() {
    pg.failMints = true;
    assertThatThrownBy(() -> broker.checkOut("pg", SCOPE, grantEnds))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BACKEND_FAILED));

    pg.failMints = false;
    assertThat(broker.checkOut("pg", SCOPE, grantEnds).leaseId()).startsWith("pg/");
  }

  @Test
  void checkOut_unknownBackend_isNotFound() {
    assertThatThrownBy(() -> broker.checkOut("mysql", SCOPE, grantEnds))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void checkIn_revokesTheTasksLeasesAndTheNextCheckOutMintsAgain() {
    LastMileCredential first = broker.checkOut("pg", SCOPE, grantEnds);

    assertThat(broker.checkIn("task-1")).isEqualTo(1);

    assertThat(pg.revoked).containsExactly(first.leaseId());
    assertThat(broker.checkOut("pg", SCOPE, grantEnds).leaseId()).isNotEqualTo(first.leaseId());
  }

  @Test
  void expiredLease_isNotHandedOutAgain() {
    LastMileCredential first = broker.checkOut("pg", SCOPE, grantEnds);
    clock.advance(TTL);
    leases.sweep();

    assertThat(broker.checkOut("pg", SCOPE, grantEnds).leaseId()).isNotEqualTo(first.leaseId());
  }

  @Test
  void revokedParentAgent_revokesItsSubAgentsLeases() {
    LeaseScope child = new LeaseScope("idp#alice", List.of("planner", "sql-bot", "helper"), "task-1", "txn-1");
    LeaseScope unrelated = new LeaseScope("idp#bob", List.of("other"), "task-2", "txn-2");
    broker.checkOut("pg", child, grantEnds);
    LastMileCredential kept = broker.checkOut("pg", unrelated, grantEnds);

    int revoked = broker.onRevocation(revocation(RevocationRecord.Kind.AGENT, "planner"));

    assertThat(revoked).isEqualTo(1);
    assertThat(leases.list()).extracting(Lease::id).containsExactly(kept.leaseId());
  }

  @Test
  void revocations_ofUserTaskTxnAndInstance_reachTheirLeases() {
    broker.checkOut("pg", SCOPE, grantEnds);
    assertThat(broker.onRevocation(revocation(RevocationRecord.Kind.USER, "idp#alice"))).isEqualTo(1);
    broker.checkOut("pg", SCOPE, grantEnds);
    assertThat(broker.onRevocation(revocation(RevocationRecord.Kind.TASK, "task-1"))).isEqualTo(1);
    broker.checkOut("pg", SCOPE, grantEnds);
    assertThat(broker.onRevocation(revocation(RevocationRecord.Kind.TXN, "txn-1"))).isEqualTo(1);
    broker.checkOut("pg", SCOPE, grantEnds);
    assertThat(broker.onRevocation(revocation(RevocationRecord.Kind.TOKEN, "jti-1"))).isZero();
    assertThat(broker.onRevocation(
        revocation(RevocationRecord.Kind.INSTANCE, "spiffe://example.test/agent/sql-bot/i/i-7"))).isEqualTo(1);
    assertThat(leases.list()).isEmpty();
    assertThat(pg.mints).hasValue(4);
  }

  @Test
  void afterARestart_theLiveLeaseOfTheTaskIsUsedAgain() {
    LastMileCredential before = broker.checkOut("pg", SCOPE, grantEnds);
    clock.advance(Duration.ofMinutes(1));
    LeaseManager restartedLeases = new LeaseManager(vault, store.leases(), Map.of("pg", pg), clock);
    restartedLeases.recover();
    CredentialBroker restarted =
        new CredentialBroker(restartedLeases, Map.of("pg", new LeaseTerms(TTL, Duration.ofHours(1))), clock);

    LastMileCredential after = restarted.checkOut("pg", SCOPE, grantEnds);

    assertThat(after.leaseId()).isEqualTo(before.leaseId());
    assertThat(((LastMileCredential.Headers) after).headers()).isEqualTo(((LastMileCredential.Headers) before).headers());
    assertThat(pg.mints).hasValue(1);
  }

  @Test
  void agentOfInstance_takesTheAgentPartOfTheSubject() {
    assertThat(CredentialBroker.agentOfInstance("spiffe://td/agent/billing-bot/i/i-1")).isEqualTo("billing-bot");
    assertThat(CredentialBroker.agentOfInstance("not-a-subject")).isEqualTo("not-a-subject");
  }

  private RevocationRecord revocation(RevocationRecord.Kind kind, String target) {
    return new RevocationRecord(kind, target, "test", "admin", clock.instant());
  }
}
