package dev.portcullis.store;

import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentInstanceRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link AgentInstanceRepository} on the {@code agent_instances} table. */
final class SqliteInstances implements AgentInstanceRepository {
  /*
   * put() is an upsert on the primary key, not INSERT OR REPLACE: REPLACE would also settle a clash
   * on the unique subject index by silently deleting the other instance that holds that subject.
   * With the upsert such a clash fails, and the request that caused it fails closed.
   */
  private static final String COLUMNS =
      "agent_id, id, subject, jkt, public_jwk, status, created_at, rotated_at, last_seen_at";

  private final Database database;

  SqliteInstances(Database database) {
    this.database = database;
  }

  @Override
  public void put(AgentInstanceRecord instance) {
    Objects.requireNonNull(instance, "instance");
    database.write("store an agent instance", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT INTO agent_instances (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
              + "ON CONFLICT (agent_id, id) DO UPDATE SET subject = excluded.subject, jkt = excluded.jkt, "
              + "public_jwk = excluded.public_jwk, status = excluded.status, created_at = excluded.created_at, "
              + "rotated_at = excluded.rotated_at, last_seen_at = excluded.last_seen_at")) {
        statement.setString(1, instance.agentId());
        statement.setString(2, instance.id());
        statement.setString(3, instance.subject());
        statement.setString(4, instance.jkt());
        statement.setString(5, instance.publicJwk());
        statement.setString(6, Columns.name(instance.status()));
        statement.setString(7, Columns.instant(instance.createdAt()));
        statement.setString(8, Columns.instant(instance.rotatedAt()));
        statement.setString(9, Columns.instant(instance.lastSeenAt()));
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public Optional<AgentInstanceRecord> get(String agentId, String instanceId) {
    return database.read("read an agent instance", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM agent_instances WHERE agent_id = ? AND id = ?")) {
        statement.setString(1, agentId);
        statement.setString(2, instanceId);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? Optional.of(instance(rows)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<AgentInstanceRecord> list(String agentId) {
    return database.read("list an agent's instances", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM agent_instances WHERE agent_id = ? ORDER BY id")) {
        statement.setString(1, agentId);
        try (ResultSet rows = statement.executeQuery()) {
          return instances(rows);
        }
      }
    });
  }

  @Override
  public List<AgentInstanceRecord> list() {
    return database.read("list agent instances", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM agent_instances ORDER BY agent_id, id");
           ResultSet rows = statement.executeQuery()) {
        return instances(rows);
      }
    });
  }

  /** Records the time unless a later one is already recorded, so concurrent touches never go back. */
  @Override
  public void touch(String agentId, String instanceId, Instant at) {
    Objects.requireNonNull(at, "at");
    database.write("record an agent instance's last call", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "UPDATE agent_instances SET last_seen_at = ?1 "
              + "WHERE agent_id = ?2 AND id = ?3 AND (last_seen_at IS NULL OR last_seen_at < ?1)")) {
        statement.setString(1, Columns.instant(at));
        statement.setString(2, agentId);
        statement.setString(3, instanceId);
        return statement.executeUpdate();
      }
    });
  }

  private static List<AgentInstanceRecord> instances(ResultSet rows) throws SQLException {
    List<AgentInstanceRecord> instances = new ArrayList<>();
    while (rows.next()) {
      instances.add(instance(rows));
    }
    return List.copyOf(instances);
  }

  private static AgentInstanceRecord instance(ResultSet rows) throws SQLException {
    return new AgentInstanceRecord(
        rows.getString("id"),
        rows.getString("agent_id"),
        rows.getString("subject"),
        rows.getString("jkt"),
        rows.getString("public_jwk"),
        AgentInstanceRecord.Status.valueOf(rows.getString("status")),
        Columns.instant(rows.getString("created_at"), "created_at"),
        Columns.instant(rows.getString("rotated_at"), "rotated_at"),
        Columns.instant(rows.getString("last_seen_at"), "last_seen_at"));
  }
}
