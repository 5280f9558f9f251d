package dev.portcullis.store;

import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.RevocationRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link RevocationRepository} on the {@code revocations} table. */
final class SqliteRevocations implements RevocationRepository {
  private final Database database;

  SqliteRevocations(Database database) {
    this.database = database;
  }

  /**
   * Adds the revocation unless its kind and target are already revoked. The first revocation is
   * kept as it was (its time, reason and author): a repeated revocation changes nothing, and in
   * particular never moves the time from which the target counts as revoked.
   */
  @Override
  public void add(RevocationRecord revocation) {
    Objects.requireNonNull(revocation, "revocation");
    database.write("add a revocation", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT INTO revocations (kind, target, reason, revoked_by, revoked_at) VALUES (?, ?, ?, ?, ?) "
              + "ON CONFLICT (kind, target) DO NOTHING")) {
        statement.setString(1, Columns.name(revocation.kind()));
        statement.setString(2, revocation.target());
        statement.setString(3, revocation.reason());
        statement.setString(4, revocation.revokedBy());
        statement.setString(5, Columns.instant(revocation.revokedAt()));
        return statement.executeUpdate();
      }
    });
  }

  /** All revocations, oldest first; insertion order breaks ties. */
  @Override
  public List<RevocationRecord> list() {
    return database.read("list revocations", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT kind, target, reason, revoked_by, revoked_at FROM revocations ORDER BY revoked_at, rowid");
           ResultSet rows = statement.executeQuery()) {
        List<RevocationRecord> revocations = new ArrayList<>();
        while (rows.next()) {
          revocations.add(new RevocationRecord(RevocationRecord.Kind.valueOf(rows.getString(1)), rows.getString(2),
              rows.getString(3), rows.getString(4), Columns.instant(rows.getString(5), "revoked_at")));
        }
        return List.copyOf(revocations);
      }
    });
  }
}
