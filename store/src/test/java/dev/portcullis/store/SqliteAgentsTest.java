package dev.portcullis.store;

import static dev.portcullis.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.state.AgentRecord;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAgentsTest {
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
    AgentRecord agent = StoreFixtures.agent("billing-bot");
    store.agents().put(agent);

    assertThat(store.agents().get("billing-bot")).contains(agent);
    assertThat(store.agents().get("nobody")).isEmpty();
  }

  @Test
  void put_sameId_replaces() {
    store.agents().put(StoreFixtures.agent("a"));
    AgentRecord disabled = new AgentRecord("a", "other", null, AgentRecord.Status.DISABLED, Map.of(), T0, T0);
    store.agents().put(disabled);

    assertThat(store.agents().get("a")).contains(disabled);
    assertThat(store.agents().list()).hasSize(1);
  }

  @Test
  void list_ordersById() {
    store.agents().put(StoreFixtures.agent("c"));
    store.agents().put(StoreFixtures.agent("a"));
    store.agents().put(StoreFixtures.agent("b"));

    assertThat(store.agents().list()).extracting(AgentRecord::id).containsExactly("a", "b", "c");
  }

  @Test
  void touch_recordsLastSeen_andNeverMovesBack() {
    store.agents().put(StoreFixtures.agent("a"));
    store.agents().touch("a", T0.plusMillis(1500));
    store.agents().touch("a", T0.plusMillis(500));

    assertThat(store.agents().get("a")).get().extracting(AgentRecord::lastSeenAt).isEqualTo(T0.plusMillis(1500));
    store.agents().touch("a", T0.plusSeconds(10));
    assertThat(store.agents().get("a")).get().extracting(AgentRecord::lastSeenAt).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void touch_unknownAgent_createsNothing() {
    store.agents().touch("ghost", T0);

    assertThat(store.agents().list()).isEmpty();
  }
}
