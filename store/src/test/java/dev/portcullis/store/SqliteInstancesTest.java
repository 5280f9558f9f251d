package dev.portcullis.store;

import static dev.portcullis.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentInstanceRecord.Status;
import dev.portcullis.core.state.StoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteInstancesTest {
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
  void put_thenGet_returnsEqualRecord() {
    AgentInstanceRecord instance = StoreFixtures.instance("billing-bot", "i-1");
    store.instances().put(instance);

    assertThat(store.instances().get("billing-bot", "i-1")).contains(instance);
    assertThat(store.instances().get("billing-bot", "i-2")).isEmpty();
    assertThat(store.instances().get("other-bot", "i-1")).isEmpty();
  }

  @Test
  void put_allTimesSet_roundTripsThem() {
    var rotated = new AgentInstanceRecord("i-1", "a", "spiffe://portcullis.test/agent/a/i/i-1", "jkt-2", "{}",
        Status.REVOKED, T0, T0.plusSeconds(60), T0.plusMillis(90_001));
    store.instances().put(rotated);

    assertThat(store.instances().get("a", "i-1")).contains(rotated);
  }

  @Test
  void put_sameAgentAndId_replacesKeyAndStatus() {
    store.instances().put(StoreFixtures.instance("a", "i-1"));
    var rotated = new AgentInstanceRecord("i-1", "a", "spiffe://portcullis.test/agent/a/i/i-1", "jkt-new",
        "{\"kty\":\"EC\"}", Status.REVOKED, T0, T0.plusSeconds(5), null);
    store.instances().put(rotated);

    assertThat(store.instances().get("a", "i-1")).contains(rotated);
    assertThat(store.instances().list()).hasSize(1);
  }

  @Test
  void put_sameInstanceIdUnderTwoAgents_keepsBoth() {
    store.instances().put(StoreFixtures.instance("a", "i-1"));
    store.instances().put(StoreFixtures.instance("b", "i-1"));

    assertThat(store.instances().list()).extracting(AgentInstanceRecord::agentId).containsExactly("a", "b");
  }

  @Test
  void put_subjectHeldByAnotherInstance_failsAndKeepsTheOther() {
    AgentInstanceRecord first = StoreFixtures.instance("a", "i-1");
    store.instances().put(first);
    var clash = new AgentInstanceRecord("i-2", "a", first.subject(), "jkt-x", "{}", Status.ACTIVE, T0, null, null);

    assertThatThrownBy(() -> store.instances().put(clash))
        .isInstanceOf(StoreException.class).hasMessage("could not store an agent instance");
    assertThat(store.instances().list()).containsExactly(first);
  }

  @Test
  void list_ofAgent_ordersByIdAndLeavesOthersOut() {
    store.instances().put(StoreFixtures.instance("a", "i-c"));
    store.instances().put(StoreFixtures.instance("b", "i-b"));
    store.instances().put(StoreFixtures.instance("a", "i-a"));

    assertThat(store.instances().list("a")).extracting(AgentInstanceRecord::id).containsExactly("i-a", "i-c");
    assertThat(store.instances().list("nobody")).isEmpty();
  }

  @Test
  void list_all_ordersByAgentThenId() {
    store.instances().put(StoreFixtures.instance("b", "i-1"));
    store.instances().put(StoreFixtures.instance("a", "i-2"));
    store.instances().put(StoreFixtures.instance("a", "i-1"));

    assertThat(store.instances().list()).extracting(i -> i.agentId() + "/" + i.id())
        .containsExactly("a/i-1", "a/i-2", "b/i-1");
  }

  @Test
  void touch_recordsLastSeen_andNeverMovesBack() {
    store.instances().put(StoreFixtures.instance("a", "i-1"));
    store.instances().put(StoreFixtures.instance("a", "i-2"));
    store.instances().touch("a", "i-1", T0.plusMillis(1500));
    store.instances().touch("a", "i-1", T0.plusMillis(500));

    assertThat(store.instances().get("a", "i-1")).get().extracting(AgentInstanceRecord::lastSeenAt)
        .isEqualTo(T0.plusMillis(1500));
    assertThat(store.instances().get("a", "i-2")).get().extracting(AgentInstanceRecord::lastSeenAt).isNull();
    store.instances().touch("a", "i-1", T0.plusSeconds(10));
    assertThat(store.instances().get("a", "i-1")).get().extracting(AgentInstanceRecord::lastSeenAt)
        .isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void touch_unknownInstance_createsNothing() {
    store.instances().touch("ghost", "i-1", T0);

    assertThat(store.instances().list()).isEmpty();
  }
}
