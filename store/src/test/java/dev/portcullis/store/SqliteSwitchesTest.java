package dev.portcullis.store;

import static dev.portcullis.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.state.KillSwitch;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSwitchesTest {
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
  void engage_sameScopeAndTarget_replaces() {
    store.switches().engage(new KillSwitch("agent", "a1", "first", "bob", T0));
    store.switches().engage(new KillSwitch("agent", "a1", "second", "eve", T0.plusSeconds(1)));

    assertThat(store.switches().list()).containsExactly(new KillSwitch("agent", "a1", "second", "eve", T0.plusSeconds(1)));
  }

  @Test
  void list_ordersByScopeThenTarget() {
    store.switches().engage(new KillSwitch("tool", "b.x", null, null, null));
    store.switches().engage(new KillSwitch("agent", "z", "r", "bob", T0));
    store.switches().engage(new KillSwitch("agent", "a", "r", "bob", T0));

    assertThat(store.switches().list()).extracting(k -> k.scope() + ":" + k.target())
        .containsExactly("agent:a", "agent:z", "tool:b.x");
  }

  @Test
  void release_reportsWhetherOneWasEngaged() {
    store.switches().engage(new KillSwitch("upstream", "github", "r", "bob", T0));

    assertThat(store.switches().release("upstream", "other")).isFalse();
    assertThat(store.switches().release("upstream", "github")).isTrue();
    assertThat(store.switches().release("upstream", "github")).isFalse();
    assertThat(store.switches().list()).isEmpty();
  }
}
