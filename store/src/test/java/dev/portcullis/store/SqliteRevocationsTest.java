package dev.portcullis.store;

import static dev.portcullis.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.RevocationRecord.Kind;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRevocationsTest {
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
  void add_thenList_roundTripsEveryKind() {
    for (Kind kind : Kind.values()) {
      store.revocations().add(new RevocationRecord(kind, "target-" + kind, "reason " + kind, "bob", T0));
    }

    assertThat(store.revocations().list()).hasSize(Kind.values().length)
        .contains(new RevocationRecord(Kind.USER, "target-USER", "reason USER", "bob", T0));
  }

  @Test
  void add_sameKindAndTarget_keepsTheFirst() {
    var first = new RevocationRecord(Kind.AGENT, "billing-bot", "compromised", "alice", T0);
    store.revocations().add(first);
    store.revocations().add(new RevocationRecord(Kind.AGENT, "billing-bot", "again", "eve", T0.plusSeconds(60)));
    store.revocations().add(new RevocationRecord(Kind.AGENT, "billing-bot", null, null, T0.minusSeconds(60)));

    assertThat(store.revocations().list()).containsExactly(first);
  }

  @Test
  void add_sameTargetOfAnotherKind_isAnotherRevocation() {
    store.revocations().add(new RevocationRecord(Kind.TASK, "t-1", "r", "bob", T0));
    store.revocations().add(new RevocationRecord(Kind.TXN, "t-1", "r", "bob", T0));

    assertThat(store.revocations().list()).extracting(RevocationRecord::kind).containsExactly(Kind.TASK, Kind.TXN);
  }

  @Test
  void add_withoutReasonOrAuthor_roundTripsNulls() {
    var bare = new RevocationRecord(Kind.TOKEN, "jti-1", null, null, T0);
    store.revocations().add(bare);

    assertThat(store.revocations().list()).containsExactly(bare);
  }

  @Test
  void list_ordersOldestFirst_insertionOrderBreakingTies() {
    store.revocations().add(new RevocationRecord(Kind.USER, "late", null, null, T0.plusSeconds(60)));
    store.revocations().add(new RevocationRecord(Kind.USER, "tie-1", null, null, T0));
    store.revocations().add(new RevocationRecord(Kind.USER, "early", null, null, T0.minusMillis(1)));
    store.revocations().add(new RevocationRecord(Kind.USER, "tie-2", null, null, T0));

    assertThat(store.revocations().list()).extracting(RevocationRecord::target)
        .containsExactly("early", "tie-1", "tie-2", "late");
  }

  @Test
  void list_empty_isEmpty() {
    assertThat(store.revocations().list()).isEmpty();
  }
}
