package dev.portcullis.store;

import dev.portcullis.core.state.SecretRecord;
import dev.portcullis.core.state.SecretRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link SecretRepository} on the {@code vault_secrets} table. */
final class SqliteSecrets implements SecretRepository {
  private static final String COLUMNS = "path, ciphertext, version, created_at, updated_at";

  private final Database database;

  SqliteSecrets(Database database) {
    this.database = database;
  }

  @Override
  public SecretRecord put(String path, byte[] ciphertext, Instant now) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(now, "now");
    return database.write("store a secret", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT INTO vault_secrets (" + COLUMNS + ") VALUES (?, ?, 1, ?, ?) "
              + "ON CONFLICT (path) DO UPDATE SET ciphertext = excluded.ciphertext, "
              + "version = vault_secrets.version + 1, updated_at = excluded.updated_at "
              + "RETURNING " + COLUMNS)) {
        statement.setString(1, path);
        statement.setBytes(2, ciphertext);
        statement.setString(3, Columns.instant(now));
        statement.setString(4, Columns.instant(now));
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            throw new SQLException("the upsert returned no row");
          }
          return record(rows);
        }
      }
    });
  }

  @Override
  public Optional<SecretRecord> find(String path) {
    Objects.requireNonNull(path, "path");
    return database.read("read a secret", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM vault_secrets WHERE path = ?")) {
        statement.setString(1, path);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? Optional.of(record(rows)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean delete(String path) {
    Objects.requireNonNull(path, "path");
    return database.write("delete a secret", connection -> {
      try (PreparedStatement statement = connection.prepareStatement("DELETE FROM vault_secrets WHERE path = ?")) {
        statement.setString(1, path);
        return statement.executeUpdate() > 0;
      }
    });
  }

  /** Compares the prefix with {@code substr} rather than {@code LIKE}, so {@code _} and {@code %} in it are literal. */
  @Override
  public List<SecretRecord> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return database.read("list secrets", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM vault_secrets WHERE substr(path, 1, ?) = ? ORDER BY path")) {
        statement.setInt(1, prefix.length());
        statement.setString(2, prefix);
        try (ResultSet rows = statement.executeQuery()) {
          List<SecretRecord> records = new ArrayList<>();
          while (rows.next()) {
            records.add(record(rows));
          }
          return List.copyOf(records);
        }
      }
    });
  }

  @Override
  public boolean replaceCiphertext(String path, byte[] expected, byte[] replacement) {
    return database.replaceBytes("re-wrap a secret", "UPDATE vault_secrets SET ciphertext = ? WHERE path = ? AND ciphertext = ?", path, expected, replacement);
  }

  private static SecretRecord record(ResultSet rows) throws SQLException {
    return new SecretRecord(rows.getString(1), rows.getBytes(2), rows.getLong(3),
        Columns.instant(rows.getString(4), "created_at"), Columns.instant(rows.getString(5), "updated_at"));
  }
}
