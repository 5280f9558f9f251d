package dev.portcullis.store;

import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.ApprovalRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ApprovalRepository} on the {@code approvals} table. */
final class SqliteApprovals implements ApprovalRepository {
  private static final String COLUMNS = "id, exchange_id, agent_id, tool, args_digest, arguments, policy_version, "
      + "rule, reason, status, created_at, expires_at, decided_by, decided_at, comment";

  private final Database database;

  SqliteApprovals(Database database) {
    this.database = database;
  }

  @Override
  public void insert(ApprovalRecord approval) {
    Objects.requireNonNull(approval, "approval");
    database.write("insert an approval request", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT INTO approvals (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        statement.setString(1, approval.id());
        statement.setString(2, approval.exchangeId());
        statement.setString(3, approval.agentId());
        statement.setString(4, approval.tool());
        statement.setString(5, approval.argsDigest());
        statement.setString(6, Columns.json(approval.arguments(), "arguments"));
        statement.setString(7, approval.policyVersion());
        statement.setString(8, approval.rule());
        statement.setString(9, approval.reason());
        statement.setString(10, Columns.name(approval.status()));
        statement.setString(11, Columns.instant(approval.createdAt()));
        statement.setString(12, Columns.instant(approval.expiresAt()));
        statement.setString(13, approval.decidedBy());
        statement.setString(14, Columns.instant(approval.decidedAt()));
        statement.setString(15, approval.comment());
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public Optional<ApprovalRecord> get(String id) {
    return database.read("read an approval request", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM approvals WHERE id = ?")) {
        statement.setString(1, id);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? Optional.of(approval(rows)) : Optional.empty();
        }
      }
    });
  }

  /** Requests in this status (all when {@code null}), oldest first; insertion order breaks ties. */
  @Override
  public List<ApprovalRecord> list(ApprovalRecord.Status status) {
    return database.read("list approval requests", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM approvals WHERE ?1 IS NULL OR status = ?1 ORDER BY created_at, rowid")) {
        statement.setString(1, Columns.name(status));
        try (ResultSet rows = statement.executeQuery()) {
          List<ApprovalRecord> approvals = new ArrayList<>();
          while (rows.next()) {
            approvals.add(approval(rows));
          }
          return List.copyOf(approvals);
        }
      }
    });
  }

  /**
   * Moves the request with one conditional update, so of any number of concurrent transitions
   * from the same status exactly one succeeds. A {@code null} {@code by}, {@code at} or
   * {@code comment} keeps the value already recorded (consuming an approval keeps who approved it).
   */
  @Override
  public boolean transition(String id, ApprovalRecord.Status from, ApprovalRecord.Status to, String by, Instant at,
                            String comment) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return database.write("change the status of an approval request", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "UPDATE approvals SET status = ?, decided_by = coalesce(?, decided_by), "
              + "decided_at = coalesce(?, decided_at), comment = coalesce(?, comment) "
              + "WHERE id = ? AND status = ?")) {
        statement.setString(1, to.name());
        statement.setString(2, by);
        statement.setString(3, Columns.instant(at));
        statement.setString(4, comment);
        statement.setString(5, id);
        statement.setString(6, from.name());
        return statement.executeUpdate() == 1;
      }
    });
  }

  private static ApprovalRecord approval(ResultSet rows) throws SQLException {
    return new ApprovalRecord(
        rows.getString("id"),
        rows.getString("exchange_id"),
        rows.getString("agent_id"),
        rows.getString("tool"),
        rows.getString("args_digest"),
        Columns.objectMap(rows.getString("arguments"), "arguments"),
        rows.getString("policy_version"),
        rows.getString("rule"),
        rows.getString("reason"),
        ApprovalRecord.Status.valueOf(rows.getString("status")),
        Columns.instant(rows.getString("created_at"), "created_at"),
        Columns.instant(rows.getString("expires_at"), "expires_at"),
        rows.getString("decided_by"),
        Columns.instant(rows.getString("decided_at"), "decided_at"),
        rows.getString("comment"));
  }
}
