package dev.portcullis.store;

import static dev.portcullis.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.core.state.LeaseRecord.State;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLeasesTest {
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

  static LeaseRecord lease(String id, State state, byte[] sealed) {
    return new LeaseRecord(id, "pg", "idp#alice", List.of("planner", "sql-bot"), "task-1", null, T0,
        T0.plusSeconds(60), T0.plusSeconds(600), state, sealed, 0, null, null);
  }

  @Test
  void put_thenFind_roundTripsEveryColumn() {
    LeaseRecord failed = lease("pg/abc", State.ACTIVE, new byte[] {7})
        .with(State.REVOKE_FAILED, new byte[] {8}, 3, T0.plusSeconds(4), "connection refused");
    store.leases().put(failed);

    LeaseRecord read = store.leases().find("pg/abc").orElseThrow();
    assertThat(read).usingRecursiveComparison().isEqualTo(failed);
  }

  @Test
  void put_pendingWithoutSealedData_roundTripsNulls() {
    store.leases().put(lease("pg/p", State.PENDING, null));

    LeaseRecord read = store.leases().find("pg/p").orElseThrow();
    assertThat(read.sealed()).isNull();
    assertThat(read.user()).isEqualTo("idp#alice");
    assertThat(read.txn()).isNull();
    assertThat(read.agents()).containsExactly("planner", "sql-bot");
  }

  @Test
  void put_sameId_replaces() {
    store.leases().put(lease("pg/a", State.PENDING, null));
    store.leases().put(lease("pg/a", State.ACTIVE, new byte[] {1}));

    assertThat(store.leases().list()).singleElement().extracting(LeaseRecord::state).isEqualTo(State.ACTIVE);
  }

  @Test
  void delete_removesTheLease() {
    store.leases().put(lease("pg/a", State.ACTIVE, new byte[] {1}));

    assertThat(store.leases().delete("pg/a")).isTrue();
    assertThat(store.leases().delete("pg/a")).isFalse();
    assertThat(store.leases().find("pg/a")).isEmpty();
  }

  @Test
  void replaceSealed_onlyWhenUnchanged() {
    store.leases().put(lease("pg/a", State.ACTIVE, new byte[] {1}));

    assertThat(store.leases().replaceSealed("pg/a", new byte[] {2}, new byte[] {3})).isFalse();
    assertThat(store.leases().replaceSealed("pg/a", new byte[] {1}, new byte[] {3})).isTrue();
    assertThat(store.leases().find("pg/a").orElseThrow().sealed()).containsExactly(3);
  }

  @Test
  void leases_surviveReopening() {
    store.leases().put(lease("pg/a", State.ACTIVE, new byte[] {1}));
    store.close();
    store = SqliteStore.open(dir.resolve("state.db"));

    assertThat(store.leases().list()).extracting(LeaseRecord::id).containsExactly("pg/a");
  }
}
