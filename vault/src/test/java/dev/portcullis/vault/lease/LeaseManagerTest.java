package dev.portcullis.vault.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.core.state.LeaseRecord.State;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.MemoryStore;
import dev.portcullis.vault.TestClock;
import dev.portcullis.vault.Vault;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.VaultException.Reason;
import dev.portcullis.vault.crypto.RootKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseManagerTest {
  static final Duration TTL = Duration.ofMinutes(5);
  static final Duration MAX = Duration.ofMinutes(30);
  static final LeaseScope ALICE_TASK = new LeaseScope("idp#alice", List.of("planner", "sql-bot"), "task-1", "txn-1");

  final MemoryStore store = new MemoryStore();
  final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  final RootKey key = RootKey.generate();
  final Vault vault = Vault.open(store, clock, Optional.of(key));
  final FakeBackend pg = new FakeBackend("pg");
  final FakeBackend api = new FakeBackend("api");
  final RecordingListener events = new RecordingListener();
  final LeaseManager manager = manager();

  LeaseManager manager() {
    LeaseManager m = new LeaseManager(vault, store.leases(), Map.of("pg", pg, "api", api), clock);
    m.addListener(events);
    return m;
  }

  @Test
  void issue_mintsPersistsAndHandsOutTheCredential() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);

    assertThat(lease.id()).matches("pg/[a-z2-7]{26}");
    assertThat(lease.state()).isEqualTo(State.ACTIVE);
    assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(TTL));
    assertThat(lease.maxExpiresAt()).isEqualTo(clock.instant().plus(MAX));
    assertThat(lease.scope()).isEqualTo(ALICE_TASK);
    LeaseRecord stored = store.leases().find(lease.id()).orElseThrow();
    assertThat(stored.state()).isEqualTo(State.ACTIVE);
    assertThat(new String(stored.sealed(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("tok-secret");
    assertThat(((LastMileCredential.Headers) manager.credential(lease.id())).headers())
        .containsEntry("Authorization", "Bearer tok-secret-1");
    assertThat(events.kinds()).containsExactly("issued");
  }

  @Test
  void issue_unknownBackend_isNotFound() {
    assertThatThrownBy(() -> manager.issue("nope", ALICE_TASK, TTL, MAX))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageContaining("'nope'");
  }

  @Test
  void issue_whileSealed_isRefusedBeforeTheBackendIsAsked() {
    vault.seal("test");

    assertThatThrownBy(() -> manager.issue("pg", ALICE_TASK, TTL, MAX))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SEALED));
    assertThat(pg.mints).hasValue(0);
    assertThat(store.leases().list()).isEmpty();
  }

  @Test
  void issue_mintFails_leavesNoLeaseAndSaysWhichBackend() {
    pg.failMints = true;

    assertThatThrownBy(() -> manager.issue("pg", ALICE_TASK, TTL, MAX))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BACKEND_FAILED))
        .hasMessageContaining("pg");
    assertThat(store.leases().list()).isEmpty();
    assertThat(pg.revoked).hasSize(1); // whatever a half-done mint left is revoked by lease id
  }

  @Test
  void issue_listenerCannotRecord_revokesAndRefuses() {
    manager.addListener(new LeaseListener() {
      @Override
      public void issued(Lease lease) { throw new IllegalStateException("audit log unavailable"); }
    });

    assertThatThrownBy(() -> manager.issue("pg", ALICE_TASK, TTL, MAX))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
    assertThat(store.leases().list()).isEmpty();
    assertThat(pg.revoked).hasSize(1);
  }

  @Test
  void renew_withinMaxTtl_movesExpiry() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);
    clock.advance(Duration.ofMinutes(4));

    Lease renewed = manager.renew(lease.id(), Duration.ofMinutes(10));

    assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(store.leases().find(lease.id()).orElseThrow().expiresAt()).isEqualTo(renewed.expiresAt());
    assertThat(events.kinds()).containsExactly("issued", "renewed");
  }

  @Test
  void renew_beyondMaxTtl_isRefused() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);
    clock.advance(Duration.ofMinutes(4));

    assertThatThrownBy(() -> manager.renew(lease.id(), Duration.ofMinutes(27)))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
        .hasMessageContaining("max TTL");
    assertThat(manager.find(lease.id()).orElseThrow().expiresAt()).isEqualTo(lease.expiresAt());
  }

  @Test
  void renew_afterExpiry_isRefused() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);
    clock.advance(TTL);

    assertThatThrownBy(() -> manager.renew(lease.id(), Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
  }

  @Test
  void revoke_callsTheBackendWithItsDataAndForgetsTheLease() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);

    assertThat(manager.revoke(lease.id(), "done")).isTrue();

    assertThat(pg.revoked).containsExactly(lease.id());
    assertThat(pg.revocationData).containsExactly(Map.of("role", "role-1"));
    assertThat(manager.find(lease.id())).isEmpty();
    assertThatThrownBy(() -> manager.credential(lease.id()))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThat(events.events.getLast()).startsWith("revoked " + lease.id() + " done");
    assertThatThrownBy(() -> manager.revoke(lease.id(), "again"))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void revokeByScope_reachesEachPartOfTheScope() {
    Lease alice = manager.issue("pg", ALICE_TASK, TTL, MAX);
    Lease bob = manager.issue("pg", new LeaseScope("idp#bob", List.of("planner"), "task-2", "txn-2"), TTL, MAX);
    Lease sub = manager.issue("api", new LeaseScope("idp#carol", List.of("other", "sql-bot", "child"), "task-3",
        null), TTL, MAX);

    assertThat(manager.revokeByScope(ScopeKind.TXN, "txn-2", "r")).isEqualTo(1);
    assertThat(ids()).containsExactlyInAnyOrder(alice.id(), sub.id());
    assertThat(manager.revokeByScope(ScopeKind.AGENT, "sql-bot", "r")).isEqualTo(2); // anywhere in the chain
    assertThat(ids()).isEmpty();
    assertThat(pg.revoked).containsExactlyInAnyOrder(alice.id(), bob.id());
    assertThat(api.revoked).containsExactly(sub.id());
  }

  @Test
  void revokeByScope_userAndTask() {
    Lease alice = manager.issue("pg", ALICE_TASK, TTL, MAX);
    Lease aliceOther = manager.issue("api", new LeaseScope("idp#alice", List.of("x"), "task-9", null), TTL, MAX);
    Lease bob = manager.issue("pg", new LeaseScope("idp#bob", List.of("x"), "task-1b", null), TTL, MAX);

    assertThat(manager.revokeByScope(ScopeKind.TASK, "task-1", "r")).isEqualTo(1);
    assertThat(ids()).containsExactlyInAnyOrder(aliceOther.id(), bob.id());
    assertThat(manager.revokeByScope(ScopeKind.USER, "idp#alice", "r")).isEqualTo(1);
    assertThat(ids()).containsExactly(bob.id());
    assertThat(alice.id()).isNotIn(ids());
  }

  @Test
  void revokeByPrefix_revokesOneBackendsLeases() {
    manager.issue("pg", ALICE_TASK, TTL, MAX);
    manager.issue("pg", ALICE_TASK, TTL, MAX);
    Lease other = manager.issue("api", ALICE_TASK, TTL, MAX);

    assertThat(manager.revokeByPrefix("pg/", "backend retired")).isEqualTo(2);

    assertThat(ids()).containsExactly(other.id());
    assertThatThrownBy(() -> manager.revokeByPrefix("", "all")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiredLease_isRevokedBySweep() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);
    clock.advance(TTL.minusSeconds(1));
    manager.sweep();
    assertThat(ids()).containsExactly(lease.id());

    clock.advance(Duration.ofSeconds(1));
    manager.sweep();

    assertThat(ids()).isEmpty();
    assertThat(pg.revoked).containsExactly(lease.id());
    assertThat(events.events.getLast()).startsWith("revoked " + lease.id() + " expired");
  }

  @Test
  void leasesSurviveARestart_expiredOnesAreRevokedOnStart() {
    Lease shortLived = manager.issue("pg", ALICE_TASK, Duration.ofMinutes(1), MAX);
    Lease longLived = manager.issue("pg", ALICE_TASK, Duration.ofMinutes(10), MAX);
    clock.advance(Duration.ofMinutes(2)); // the gateway was down meanwhile

    Vault restartedVault = Vault.open(store, clock, Optional.of(key));
    LeaseManager restarted = new LeaseManager(restartedVault, store.leases(), Map.of("pg", pg, "api", api), clock);
    restarted.recover();

    assertThat(pg.revoked).containsExactly(shortLived.id());
    assertThat(pg.revocationData).containsExactly(Map.of("role", "role-1"));
    assertThat(restarted.list()).extracting(Lease::id).containsExactly(longLived.id());
    assertThat(((LastMileCredential.Headers) restarted.credential(longLived.id())).headers())
        .containsEntry("Authorization", "Bearer tok-secret-2");
    clock.advance(Duration.ofMinutes(8));
    restarted.sweep();
    assertThat(pg.revoked).containsExactly(shortLived.id(), longLived.id());
  }

  @Test
  void pendingLeaseLeftByACrash_isRevokedByIdOnStart() {
    store.leases().put(new LeaseRecord("pg/crashedmidmint", "pg", null, List.of("bot"), "t", null, clock.instant(),
        clock.instant().plus(TTL), clock.instant().plus(MAX), State.PENDING, null, 0, null, null));

    manager.recover();

    assertThat(pg.revoked).containsExactly("pg/crashedmidmint");
    assertThat(pg.revocationData).containsExactly(Map.of());
    assertThat(store.leases().list()).isEmpty();
  }

  @Test
  void failedRevoke_isRetriedWithBackoffAndListed() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);
    pg.failRevokes = true;

    assertThat(manager.revoke(lease.id(), "task over")).isFalse();

    Lease failed = manager.failedRevocations().getFirst();
    assertThat(failed.id()).isEqualTo(lease.id());
    assertThat(failed.state()).isEqualTo(State.REVOKE_FAILED);
    assertThat(failed.revokeAttempts()).isEqualTo(1);
    assertThat(failed.lastError()).isEqualTo("backend pg refused the revocation");
    assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(1));
    assertThatThrownBy(() -> manager.credential(lease.id())).isInstanceOf(VaultException.class);

    clock.advance(Duration.ofSeconds(1));
    manager.sweep();
    assertThat(manager.failedRevocations().getFirst().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(2));
    clock.advance(Duration.ofSeconds(1));
    manager.sweep(); // not due yet
    assertThat(manager.failedRevocations().getFirst().revokeAttempts()).isEqualTo(2);

    pg.failRevokes = false;
    clock.advance(Duration.ofSeconds(1));
    manager.sweep();
    assertThat(manager.failedRevocations()).isEmpty();
    assertThat(pg.revoked).containsExactly(lease.id());
    assertThat(pg.revocationData).containsExactly(Map.of("role", "role-1"));
    assertThat(events.kinds()).containsExactly("issued", "revokeFailed", "revokeFailed", "revoked");
  }

  @Test
  void failedRevoke_dropsTheCredentialButKeepsTheRevocationData() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);
    pg.failRevokes = true;
    manager.revoke(lease.id(), "r");

    LeaseRecord stored = store.leases().find(lease.id()).orElseThrow();
    byte[] plain = vault.decrypt(dev.portcullis.vault.crypto.AssociatedData.lease(lease.id()), stored.sealed());
    assertThat(new String(plain, java.nio.charset.StandardCharsets.UTF_8)).contains("role-1").doesNotContain("tok-secret");
  }

  @Test
  void backoff_doublesFromOneSecondUpToFiveMinutes() {
    assertThat(Backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.after(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.after(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(Backoff.after(9)).isEqualTo(Duration.ofSeconds(256));
    assertThat(Backoff.after(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Backoff.after(1000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void ciphertextSwappedBetweenLeases_failsToDecrypt() {
    Lease first = manager.issue("pg", ALICE_TASK, TTL, MAX);
    Lease second = manager.issue("pg", ALICE_TASK, TTL, MAX);
    LeaseRecord a = store.leases().find(first.id()).orElseThrow();
    LeaseRecord b = store.leases().find(second.id()).orElseThrow();
    store.leases().put(b.with(b.state(), a.sealed(), 0, null, null));
    LeaseManager restarted = new LeaseManager(vault, store.leases(), Map.of("pg", pg), clock);

    assertThatThrownBy(() -> restarted.credential(second.id()))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED))
        .hasMessageContaining("lease " + second.id());
  }

  @Test
  void noSecretInToStringEventsOrErrors() {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);
    LastMileCredential credential = manager.credential(lease.id());
    pg.failRevokes = true;
    manager.revoke(lease.id(), "r");

    assertThat(lease.toString()).doesNotContain("tok-secret");
    assertThat(credential.toString()).doesNotContain("tok-secret");
    assertThat(store.leases().find(lease.id()).orElseThrow().toString()).doesNotContain("[B@");
    assertThat(events.events).isNotEmpty().allSatisfy(e -> assertThat(e).doesNotContain("tok-secret"));
    assertThat(manager.failedRevocations()).allSatisfy(l -> assertThat(l.toString()).doesNotContain("tok-secret"));
  }

  @Test
  void start_recoversAtOnceAndStopEndsTheSweep() throws Exception {
    Lease lease = manager.issue("pg", ALICE_TASK, TTL, MAX);
    clock.advance(TTL);
    LeaseManager restarted = new LeaseManager(vault, store.leases(), Map.of("pg", pg, "api", api), clock);
    try (var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor()) {
      restarted.start(scheduler, Duration.ofHours(1));

      assertThat(pg.revoked).containsExactly(lease.id());
      restarted.stop();
    }
  }

  private List<String> ids() { return manager.list().stream().map(Lease::id).toList(); }
}
