package dev.portcullis.store;

import dev.portcullis.core.state.ToolRecord;
import dev.portcullis.core.state.ToolRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ToolRepository} on the {@code tools} table. */
final class SqliteTools implements ToolRepository {
  private static final String COLUMNS = "name, upstream, upstream_name, status, digest, definition, "
      + "observed_digest, observed_definition, note, approved_by, updated_at";

  private final Database database;

  SqliteTools(Database database) {
    this.database = database;
  }

  @Override
  public void put(ToolRecord tool) {
    Objects.requireNonNull(tool, "tool");
    database.write("store a tool registration", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT OR REPLACE INTO tools (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        statement.setString(1, tool.name());
        statement.setString(2, tool.upstream());
        statement.setString(3, tool.upstreamName());
        statement.setString(4, Columns.name(tool.status()));
        statement.setString(5, tool.digest());
        statement.setString(6, Columns.json(tool.definition(), "definition"));
        statement.setString(7, tool.observedDigest());
        statement.setString(8, Columns.json(tool.observedDefinition(), "observed_definition"));
        statement.setString(9, tool.note());
        statement.setString(10, tool.approvedBy());
        statement.setString(11, Columns.instant(tool.updatedAt()));
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public Optional<ToolRecord> get(String name) {
    return database.read("read a tool registration", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM tools WHERE name = ?")) {
        statement.setString(1, name);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? Optional.of(tool(rows)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<ToolRecord> list() {
    return database.read("list tool registrations", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM tools ORDER BY name");
           ResultSet rows = statement.executeQuery()) {
        List<ToolRecord> tools = new ArrayList<>();
        while (rows.next()) {
          tools.add(tool(rows));
        }
        return List.copyOf(tools);
      }
    });
  }

  private static ToolRecord tool(ResultSet rows) throws SQLException {
    return new ToolRecord(
        rows.getString("name"),
        rows.getString("upstream"),
        rows.getString("upstream_name"),
        ToolRecord.Status.valueOf(rows.getString("status")),
        rows.getString("digest"),
        Columns.objectMap(rows.getString("definition"), "definition"),
        rows.getString("observed_digest"),
        Columns.objectMap(rows.getString("observed_definition"), "observed_definition"),
        rows.getString("note"),
        rows.getString("approved_by"),
        Columns.instant(rows.getString("updated_at"), "updated_at"));
  }
}
