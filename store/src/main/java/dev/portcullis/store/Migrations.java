package dev.portcullis.store;

import dev.portcullis.core.state.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema's history: step {@code n} (1-based) takes a database from version {@code n - 1} to
 * {@code n}. Steps are only ever appended; a released step is never edited.
 */
final class Migrations {
  private Migrations() {}

  /** Each step's statements, in order. */
  private static final List<List<String>> STEPS = List.of(
      List.of(
          """
          CREATE TABLE agents (
            id           TEXT PRIMARY KEY,
            owner        TEXT,
            description  TEXT,
            status       TEXT NOT NULL,
            labels       TEXT NOT NULL,
            created_at   TEXT,
            last_seen_at TEXT
          )""",
          """
          CREATE TABLE tools (
            name                TEXT PRIMARY KEY,
            upstream            TEXT,
            upstream_name       TEXT,
            status              TEXT NOT NULL,
            digest              TEXT,
            definition          TEXT,
            observed_digest     TEXT,
            observed_definition TEXT,
            note                TEXT,
            approved_by         TEXT,
            updated_at          TEXT
          )""",
          """
          CREATE TABLE approvals (
            id             TEXT PRIMARY KEY,
            exchange_id    TEXT,
            agent_id       TEXT,
            tool           TEXT,
            args_digest    TEXT,
            arguments      TEXT,
            policy_version TEXT,
            rule           TEXT,
            reason         TEXT,
            status         TEXT NOT NULL,
            created_at     TEXT,
            expires_at     TEXT,
            decided_by     TEXT,
            decided_at     TEXT,
            comment        TEXT
          )""",
          "CREATE INDEX approvals_by_status ON approvals (status, created_at)",
          """
          CREATE TABLE kill_switches (
            scope     TEXT NOT NULL,
            target    TEXT NOT NULL,
            reason    TEXT,
            engaged_by TEXT,
            engaged_at TEXT,
            PRIMARY KEY (scope, target)
          )"""),
      List.of(
          """
          CREATE TABLE agent_instances (
            agent_id     TEXT NOT NULL,
            id           TEXT NOT NULL,
            subject      TEXT NOT NULL,
            jkt          TEXT NOT NULL,
            public_jwk   TEXT NOT NULL,
            status       TEXT NOT NULL,
            created_at   TEXT,
            rotated_at   TEXT,
            last_seen_at TEXT,
            PRIMARY KEY (agent_id, id)
          )""",
          "CREATE UNIQUE INDEX agent_instances_by_subject ON agent_instances (subject)",
          """
          CREATE TABLE revocations (
            kind       TEXT NOT NULL,
            target     TEXT NOT NULL,
            reason     TEXT,
            revoked_by TEXT,
            revoked_at TEXT NOT NULL,
            UNIQUE (kind, target)
          )""",
          "CREATE INDEX revocations_by_time ON revocations (revoked_at)"),
      List.of(
          """
          CREATE TABLE vault_secrets (
            path       TEXT PRIMARY KEY,
            ciphertext BLOB NOT NULL,
            version    INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
          )""",
          """
          CREATE TABLE vault_leases (
            id              TEXT PRIMARY KEY,
            backend         TEXT NOT NULL,
            user_id         TEXT,
            agents          TEXT NOT NULL,
            task            TEXT NOT NULL,
            txn             TEXT,
            issued_at       TEXT NOT NULL,
            expires_at      TEXT NOT NULL,
            max_expires_at  TEXT NOT NULL,
            state           TEXT NOT NULL,
            sealed          BLOB,
            revoke_attempts INTEGER NOT NULL,
            next_attempt_at TEXT,
            last_error      TEXT
          )""",
          "CREATE INDEX vault_leases_by_expiry ON vault_leases (expires_at)"));

  /** The version a fully migrated database has. */
  static final int LATEST = STEPS.size();

  /**
   * Brings the database up to {@link #LATEST} in one transaction. The connection must not be in
   * autocommit mode and must take the write lock when its transaction begins.
   *
   * @throws StoreException if the database is already past {@link #LATEST}
   */
  static void migrate(Connection connection) throws SQLException {
    migrate(connection, LATEST);
  }

  /**
   * Brings the database up to {@code target}, as {@link #migrate(Connection)} does; tests use it
   * to build a database as an older release left it.
   */
  static void migrate(Connection connection, int target) throws SQLException {
    if (target < 0 || target > LATEST) {
      throw new IllegalArgumentException("schema version " + target + " is not between 0 and " + LATEST);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int current = currentVersion(statement);
      if (current > LATEST) {
        throw new StoreException("database schema version " + current + " is newer than version " + LATEST
            + ", the newest this Portcullis knows; run a newer Portcullis or restore an older database", null);
      }
      for (int step = current; step < target; step++) {
        for (String sql : STEPS.get(step)) {
          statement.execute(sql);
        }
      }
      if (current < target) {
        statement.execute("DELETE FROM schema_version");
        statement.execute("INSERT INTO schema_version (version) VALUES (" + target + ")");
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private static int currentVersion(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT max(version) FROM schema_version")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }
}
