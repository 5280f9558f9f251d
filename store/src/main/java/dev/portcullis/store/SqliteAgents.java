package dev.portcullis.store;

import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.AgentRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link AgentRepository} on the {@code agents} table. */
final class SqliteAgents implements AgentRepository {
  private static final String COLUMNS = "id, owner, description, status, labels, created_at, last_seen_at";

  private final Database database;

  SqliteAgents(Database database) {
    this.database = database;
  }

  @Override
  public void put(AgentRecord agent) {
    Objects.requireNonNull(agent, "agent");
    database.write("store an agent", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT OR REPLACE INTO agents (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        statement.setString(1, agent.id());
        statement.setString(2, agent.owner());
        statement.setString(3, agent.description());
        statement.setString(4, Columns.name(agent.status()));
        statement.setString(5, Columns.json(agent.labels(), "labels"));
        statement.setString(6, Columns.instant(agent.createdAt()));
        statement.setString(7, Columns.instant(agent.lastSeenAt()));
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public Optional<AgentRecord> get(String id) {
    return database.read("read an agent", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM agents WHERE id = ?")) {
        statement.setString(1, id);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? Optional.of(agent(rows)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<AgentRecord> list() {
    return database.read("list agents", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM agents ORDER BY id");
           ResultSet rows = statement.executeQuery()) {
        List<AgentRecord> agents = new ArrayList<>();
        while (rows.next()) {
          agents.add(agent(rows));
        }
        return List.copyOf(agents);
      }
    });
  }

  /** Records the time unless a later one is already recorded, so concurrent touches never go back. */
  @Override
  public void touch(String id, Instant at) {
    Objects.requireNonNull(at, "at");
    database.write("record an agent's last call", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "UPDATE agents SET last_seen_at = ?1 WHERE id = ?2 AND (last_seen_at IS NULL OR last_seen_at < ?1)")) {
        statement.setString(1, Columns.instant(at));
        statement.setString(2, id);
        return statement.executeUpdate();
      }
    });
  }

  private static AgentRecord agent(ResultSet rows) throws SQLException {
    return new AgentRecord(
        rows.getString("id"),
        rows.getString("owner"),
        rows.getString("description"),
        AgentRecord.Status.valueOf(rows.getString("status")),
        Columns.stringMap(rows.getString("labels"), "labels"),
        Columns.instant(rows.getString("created_at"), "created_at"),
        Columns.instant(rows.getString("last_seen_at"), "last_seen_at"));
  }
}
