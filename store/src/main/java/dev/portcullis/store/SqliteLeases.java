package dev.portcullis.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.core.state.LeaseRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link LeaseRepository} on the {@code vault_leases} table. */
final class SqliteLeases implements LeaseRepository {
  private static final String COLUMNS = "id, backend, user_id, agents, task, txn, issued_at, expires_at, "
      + "max_expires_at, state, sealed, revoke_attempts, next_attempt_at, last_error";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database database;

  SqliteLeases(Database database) {
    this.database = database;
  }

  @Override
  public void put(LeaseRecord lease) {
    Objects.requireNonNull(lease, "lease");
    database.write("store a lease", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT OR REPLACE INTO vault_leases (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        statement.setString(1, lease.id());
        statement.setString(2, lease.backend());
        statement.setString(3, lease.user());
        statement.setString(4, agents(lease.agents()));
        statement.setString(5, lease.task());
        statement.setString(6, lease.txn());
        statement.setString(7, Columns.instant(lease.issuedAt()));
        statement.setString(8, Columns.instant(lease.expiresAt()));
        statement.setString(9, Columns.instant(lease.maxExpiresAt()));
        statement.setString(10, Columns.name(lease.state()));
        statement.setBytes(11, lease.sealed());
        statement.setInt(12, lease.revokeAttempts());
        statement.setString(13, Columns.instant(lease.nextAttemptAt()));
        statement.setString(14, lease.lastError());
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public Optional<LeaseRecord> find(String id) {
    Objects.requireNonNull(id, "id");
    return database.read("read a lease", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM vault_leases WHERE id = ?")) {
        statement.setString(1, id);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? Optional.of(record(rows)) : Optional.empty();
        }
      }
    });
  }

  /** Every lease, oldest first; the id breaks ties. */
  @Override
  public List<LeaseRecord> list() {
    return database.read("list leases", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM vault_leases ORDER BY issued_at, id");
           ResultSet rows = statement.executeQuery()) {
        List<LeaseRecord> leases = new ArrayList<>();
        while (rows.next()) {
          leases.add(record(rows));
        }
        return List.copyOf(leases);
      }
    });
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    return database.write("delete a lease", connection -> {
      try (PreparedStatement statement = connection.prepareStatement("DELETE FROM vault_leases WHERE id = ?")) {
        statement.setString(1, id);
        return statement.executeUpdate() > 0;
      }
    });
  }

  @Override
  public boolean replaceSealed(String id, byte[] expected, byte[] replacement) {
    return database.replaceBytes("re-wrap a lease", "UPDATE vault_leases SET sealed = ? WHERE id = ? AND sealed = ?", id, expected, replacement);
  }

  private static LeaseRecord record(ResultSet rows) throws SQLException {
    return new LeaseRecord(rows.getString(1), rows.getString(2), rows.getString(3), agents(rows.getString(4)),
        rows.getString(5), rows.getString(6), Columns.instant(rows.getString(7), "issued_at"),
        Columns.instant(rows.getString(8), "expires_at"), Columns.instant(rows.getString(9), "max_expires_at"),
        LeaseRecord.State.valueOf(rows.getString(10)), rows.getBytes(11), rows.getInt(12),
        Columns.instant(rows.getString(13), "next_attempt_at"), rows.getString(14));
  }

  private static String agents(List<String> agents) throws SQLException {
    try {
      return JSON.writeValueAsString(agents);
    } catch (JsonProcessingException e) {
      throw new SQLException("column agents: value cannot be written as JSON");
    }
  }

  private static List<String> agents(String text) throws SQLException {
    try {
      return JSON.readValue(text, STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("column agents does not hold a JSON list of strings");
    }
  }
}
