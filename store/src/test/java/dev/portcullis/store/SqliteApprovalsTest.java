package dev.portcullis.store;

import static dev.portcullis.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.ApprovalRecord.Status;
import dev.portcullis.core.state.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteApprovalsTest {
  @TempDir Path dir;
  SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("state.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void insert_thenGet_roundTripsArguments() {
    ApprovalRecord approval = StoreFixtures.approval("ap1", Status.PENDING, T0);
    store.approvals().insert(approval);

    assertThat(store.approvals().get("ap1")).contains(approval);
    assertThat(store.approvals().get("ap2")).isEmpty();
  }

  @Test
  void insert_duplicateId_failsWithoutShowingValues() {
    store.approvals().insert(StoreFixtures.approval("ap1", Status.PENDING, T0));

    assertThatThrownBy(() -> store.approvals().insert(StoreFixtures.approval("ap1", Status.PENDING, T0)))
        .isInstanceOf(StoreException.class)
        .hasMessage("could not insert an approval request")
        .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain("secret-query"));
  }

  @Test
  void list_filtersByStatus_oldestFirst() {
    store.approvals().insert(StoreFixtures.approval("late", Status.PENDING, T0.plusSeconds(60)));
    store.approvals().insert(StoreFixtures.approval("early", Status.PENDING, T0.plusMillis(5)));
    store.approvals().insert(StoreFixtures.approval("earliest", Status.PENDING, T0));
    store.approvals().insert(StoreFixtures.approval("done", Status.DENIED, T0.minusSeconds(1)));

    assertThat(store.approvals().list(Status.PENDING)).extracting(ApprovalRecord::id)
        .containsExactly("earliest", "early", "late");
    assertThat(store.approvals().list(null)).extracting(ApprovalRecord::id)
        .containsExactly("done", "earliest", "early", "late");
    assertThat(store.approvals().list(Status.EXPIRED)).isEmpty();
  }

  @Test
  void transition_fromCurrentStatus_movesAndRecordsDecision() {
    store.approvals().insert(StoreFixtures.approval("ap1", Status.PENDING, T0));

    assertThat(store.approvals().transition("ap1", Status.PENDING, Status.APPROVED, "alice", T0.plusSeconds(5), "ok"))
        .isTrue();

    ApprovalRecord read = store.approvals().get("ap1").orElseThrow();
    assertThat(read.status()).isEqualTo(Status.APPROVED);
    assertThat(read.decidedBy()).isEqualTo("alice");
    assertThat(read.decidedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(read.comment()).isEqualTo("ok");
  }

  @Test
  void transition_fromOtherStatus_changesNothing() {
    store.approvals().insert(StoreFixtures.approval("ap1", Status.PENDING, T0));

    assertThat(store.approvals().transition("ap1", Status.APPROVED, Status.CONSUMED, "gw", T0, null)).isFalse();
    assertThat(store.approvals().transition("missing", Status.PENDING, Status.APPROVED, "a", T0, null)).isFalse();
    assertThat(store.approvals().get("ap1")).contains(StoreFixtures.approval("ap1", Status.PENDING, T0));
  }

  @Test
  void transition_withNullDecider_keepsRecordedDecision() {
    store.approvals().insert(StoreFixtures.approval("ap1", Status.PENDING, T0));
    store.approvals().transition("ap1", Status.PENDING, Status.APPROVED, "alice", T0.plusSeconds(5), "ok");

    assertThat(store.approvals().transition("ap1", Status.APPROVED, Status.CONSUMED, null, null, null)).isTrue();
    ApprovalRecord read = store.approvals().get("ap1").orElseThrow();
    assertThat(read.status()).isEqualTo(Status.CONSUMED);
    assertThat(read.decidedBy()).isEqualTo("alice");
    assertThat(read.comment()).isEqualTo("ok");
  }

  @Test
  void transition_32ConcurrentConsumers_exactlyOneWins() throws Exception {
    store.approvals().insert(StoreFixtures.approval("ap1", Status.APPROVED, T0));

    assertThat(race(List.of(store), 32)).isEqualTo(1);
    assertThat(store.approvals().get("ap1").orElseThrow().status()).isEqualTo(Status.CONSUMED);
  }

  @Test
  void transition_concurrentConsumersThroughTwoStores_exactlyOneWins() throws Exception {
    store.approvals().insert(StoreFixtures.approval("ap1", Status.APPROVED, T0));
    try (SqliteStore second = SqliteStore.open(dir.resolve("state.db"))) {
      assertThat(race(List.of(store, second), 32)).isEqualTo(1);
    }
  }

  /** Runs this many transitions APPROVED -> CONSUMED at once, spread over the stores; counts winners. */
  private static int race(List<SqliteStore> stores, int threads) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < threads; i++) {
        SqliteStore store = stores.get(i % stores.size());
        String by = "consumer-" + i;
        results.add(executor.submit(() -> {
          start.await();
          return store.approvals().transition("ap1", Status.APPROVED, Status.CONSUMED, by, T0, null);
        }));
      }
      start.countDown();
    }
    int winners = 0;
    for (Future<Boolean> result : results) {
      if (result.get()) {
        winners++;
      }
    }
    return winners;
  }
}
