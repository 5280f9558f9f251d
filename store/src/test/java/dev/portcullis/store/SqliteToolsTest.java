package dev.portcullis.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.state.ToolRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteToolsTest {
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
  void put_thenGet_roundTripsDefinitions() {
    ToolRecord tool = StoreFixtures.tool("github.search");
    store.tools().put(tool);

    ToolRecord read = store.tools().get("github.search").orElseThrow();
    assertThat(read).isEqualTo(tool);
    assertThat(read.definition().get("inputSchema")).isEqualTo(
        Map.of("type", "object", "required", List.of("q"), "maxItems", 10));
  }

  @Test
  void put_withNullDefinitions_roundTripsNulls() {
    ToolRecord discovered = new ToolRecord("fs.read", "fs", "read", ToolRecord.Status.DISCOVERED, null, null,
        null, null, null, null, null);
    store.tools().put(discovered);

    assertThat(store.tools().get("fs.read")).contains(discovered);
  }

  @Test
  void list_ordersByName() {
    store.tools().put(StoreFixtures.tool("z.tool"));
    store.tools().put(StoreFixtures.tool("a.tool"));

    assertThat(store.tools().list()).extracting(ToolRecord::name).containsExactly("a.tool", "z.tool");
    assertThat(store.tools().get("m.tool")).isEmpty();
  }
}
