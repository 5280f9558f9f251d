package dev.portcullis.store;

import static dev.portcullis.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.KillSwitch;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
  @TempDir Path dir;

  @Test
  void open_everyConnection_usesWalAndFullSync() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("state.db"))) {
      Database database = store.database();
      for (int i = 0; i < Database.READERS; i++) {
        String reader = database.read("test", SqliteStoreTest::pragmas);
        assertThat(reader).isEqualTo("wal/2/1/10000");
      }
      String writer = database.write("test", SqliteStoreTest::pragmas);
      assertThat(writer).isEqualTo("wal/2/1/10000");
    }
  }

  @Test
  void close_thenReopen_keepsEverything() {
    Path file = dir.resolve("state.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      store.agents().put(StoreFixtures.agent("a1"));
      store.tools().put(StoreFixtures.tool("github.search"));
      store.approvals().insert(StoreFixtures.approval("ap1", ApprovalRecord.Status.PENDING, T0));
      store.switches().engage(new KillSwitch("global", "*", "incident", "bob", T0));
      store.instances().put(StoreFixtures.instance("a1", "i-1"));
      store.instances().touch("a1", "i-1", T0.plusSeconds(3));
      store.revocations().add(new RevocationRecord(RevocationRecord.Kind.TASK, "task-9", "done", "bob", T0));
    }
    try (SqliteStore store = SqliteStore.open(file)) {
      assertThat(store.agents().get("a1")).contains(StoreFixtures.agent("a1"));
      assertThat(store.tools().get("github.search")).contains(StoreFixtures.tool("github.search"));
      assertThat(store.approvals().get("ap1"))
          .contains(StoreFixtures.approval("ap1", ApprovalRecord.Status.PENDING, T0));
      assertThat(store.switches().list()).containsExactly(new KillSwitch("global", "*", "incident", "bob", T0));
      assertThat(store.instances().get("a1", "i-1")).get()
          .satisfies(i -> assertThat(i.jkt()).isEqualTo("jkt-a1-i-1"))
          .satisfies(i -> assertThat(i.lastSeenAt()).isEqualTo(T0.plusSeconds(3)));
      assertThat(store.revocations().list())
          .containsExactly(new RevocationRecord(RevocationRecord.Kind.TASK, "task-9", "done", "bob", T0));
    }
  }

  @Test
  void open_databaseOfSchemaVersion1_migratesAndKeepsItsRows() throws SQLException {
    Path file = dir.resolve("state.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.setAutoCommit(false);
      Migrations.migrate(c, 1);
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO agents (id, owner, status, labels) VALUES ('old-bot', 'ops', 'ACTIVE', '{}')");
      }
    }
    assertThat(schemaVersion(file)).isEqualTo(1);
    assertThat(tables(file)).doesNotContain("agent_instances", "revocations");

    try (SqliteStore store = SqliteStore.open(file)) {
      assertThat(store.agents().get("old-bot")).get().extracting(AgentRecord::owner).isEqualTo("ops");
      store.instances().put(StoreFixtures.instance("old-bot", "i-1"));
      store.revocations().add(new RevocationRecord(RevocationRecord.Kind.AGENT, "old-bot", "retired", "ops", T0));
      assertThat(store.instances().list("old-bot")).hasSize(1);
      assertThat(store.revocations().list()).hasSize(1);
    }
    assertThat(schemaVersion(file)).isEqualTo(SqliteStore.schemaVersion()).isEqualTo(3);
    assertThat(tables(file)).contains("agents", "agent_instances", "revocations");
  }

  @Test
  void open_newDatabase_recordsLatestSchemaVersion() throws SQLException {
    Path file = dir.resolve("state.db");
    SqliteStore.open(file).close();
    assertThat(schemaVersion(file)).isEqualTo(SqliteStore.schemaVersion()).isPositive();
    SqliteStore.open(file).close();
    assertThat(schemaVersion(file)).isEqualTo(SqliteStore.schemaVersion());
  }

  @Test
  void open_databaseFromNewerSchema_isRefused() throws SQLException {
    Path file = dir.resolve("state.db");
    SqliteStore.open(file).close();
    int newer = SqliteStore.schemaVersion() + 1;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE schema_version SET version = " + newer);
    }

    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version " + newer + " is newer")
        .hasMessageContaining("version " + SqliteStore.schemaVersion());
    assertThat(schemaVersion(file)).isEqualTo(newer);
  }

  @Test
  void closedStore_failsWithStoreException() {
    SqliteStore store = SqliteStore.open(dir.resolve("state.db"));
    store.close();
    store.close();

    assertThatThrownBy(() -> store.agents().list())
        .isInstanceOf(StoreException.class).hasMessage("could not list agents: the store is closed");
    assertThatThrownBy(() -> store.switches().release("global", "*"))
        .isInstanceOf(StoreException.class).hasMessageContaining("the store is closed");
  }

  @Test
  void open_unwritableLocation_failsWithStoreException() {
    Path file = dir.resolve("missing-dir").resolve("state.db");
    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOf(StoreException.class).hasMessageContaining("could not open the SQLite database");
  }

  private static String pragmas(Connection connection) throws SQLException {
    return pragma(connection, "journal_mode") + "/" + pragma(connection, "synchronous") + "/"
        + pragma(connection, "foreign_keys") + "/" + pragma(connection, "busy_timeout");
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
      r.next();
      return r.getString(1);
    }
  }

  private static List<String> tables(Path file) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }

  private static int schemaVersion(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
      r.next();
      return r.getInt(1);
    }
  }
}
