package dev.portcullis.connect.sql;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.LastMileCredential.DatabaseLogin;
import dev.portcullis.mcp.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;

/**
 * One {@code tools/call}: checks the arguments, borrows the lease's connection and runs the query in
 * a transaction of its own, with a statement timeout, and for read-only tools in a read-only
 * transaction that is rolled back afterwards (so not even a {@code SET} outlives the call).
 */
final class ToolCall {
  private final SqlConnectorSettings settings;
  private final ToolCatalog catalog;
  private final LoginConnections connections;

  ToolCall(SqlConnectorSettings settings, ToolCatalog catalog, LoginConnections connections) {
    this.settings = settings;
    this.catalog = catalog;
    this.connections = connections;
  }

  /** The {@code tools/call} result: rows, or {@code isError} with what went wrong. */
  Map<String, Object> run(String tool, Map<String, Object> arguments, LastMileCredential credential) {
    String jdbcSql;
    boolean readOnly;
    int maxRows;
    Arguments bound;
    if (catalog.isFreeQuery(tool)) {
      if (arguments.size() != 1 || !(arguments.get("sql") instanceof String sql) || sql.isBlank()) {
        return failed("the query tool takes exactly one argument, sql, a non-empty string");
      }
      SqlText text;
      try {
        text = SqlText.parse(sql);
      } catch (IllegalArgumentException e) {
        return failed("the statement was not run: " + e.getMessage());
      }
      if (text.statements() != 1) return failed("the query tool runs exactly one statement; found " + text.statements());
      jdbcSql = sql;
      readOnly = true;
      maxRows = settings.freeQuery().maxRows();
      bound = null;
    } else {
      SqlQuery query = catalog.query(tool);
      try {
        bound = Arguments.check(query, catalog.text(tool), arguments);
      } catch (Arguments.Invalid e) {
        return failed(e.getMessage());
      }
      jdbcSql = catalog.text(tool).jdbcSql();
      readOnly = query.readOnly();
      maxRows = query.maxRows();
    }
    if (credential == null) return failed("no database credential was checked out for this call");
    if (!(credential instanceof DatabaseLogin login)) {
      return failed("the credential checked out for this call is not a database login");
    }
    try (LoginConnections.Lent lent = connections.lend(login)) {
      try {
        return succeeded(execute(lent.connection(), jdbcSql, bound, readOnly, maxRows));
      } catch (SQLException e) {
        if (broken(e, lent.connection())) lent.discard();
        return sqlFailed(e, login);
      }
    } catch (SQLException e) {
      return sqlFailed(e, login);
    }
  }

  private Map<String, Object> execute(Connection c, String sql, Arguments arguments, boolean readOnly, int maxRows)
      throws SQLException {
    try {
      try (var st = c.createStatement()) {
        if (readOnly) st.execute("SET TRANSACTION READ ONLY");
        // A query (not a SET) so that the transaction has taken its snapshot before the tool's statement
        // runs: from then on PostgreSQL refuses SET TRANSACTION READ WRITE.
        st.execute("SELECT set_config('statement_timeout', '" + settings.statementTimeout().toMillis() + "', true)");
      }
      Map<String, Object> structured;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setMaxRows(maxRows + 1);
        ps.setQueryTimeout((int) Math.max(1, settings.statementTimeout().toSeconds() + 1));
        if (arguments != null) arguments.bind(ps);
        structured = new LinkedHashMap<>();
        if (ps.execute()) {
          try (var rs = ps.getResultSet()) {
            Rows.Read read = Rows.read(rs, maxRows);
            structured.put("rows", read.rows());
            structured.put("rowCount", read.rows().size());
            structured.put("truncated", read.truncated());
          }
        } else {
          structured.put("rows", List.of());
          structured.put("rowCount", Math.max(0, ps.getUpdateCount()));
          structured.put("truncated", false);
        }
      }
      if (readOnly) c.rollback();
      else c.commit();
      return structured;
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  private static boolean broken(SQLException e, Connection c) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) return true;
    try {
      return c.isClosed();
    } catch (SQLException ignored) {
      return true;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed()) c.rollback();
    } catch (SQLException ignored) {
      // A connection that cannot roll back is broken; the caller discards it.
    }
  }

  private static Map<String, Object> succeeded(Map<String, Object> structured) {
    var result = new LinkedHashMap<String, Object>();
    result.put("content", List.of(Map.of("type", "text", "text", Json.text(structured.get("rows")))));
    result.put("structuredContent", structured);
    result.put("isError", false);
    return result;
  }

  /** A database error as a tool error: the SQLSTATE and the server's primary message, never a password. */
  private static Map<String, Object> sqlFailed(SQLException e, DatabaseLogin login) {
    String message = e instanceof PSQLException p && p.getServerErrorMessage() != null
        ? p.getServerErrorMessage().getMessage() : e.getMessage();
    if (message == null) message = "no message";
    message = message.replace(login.password(), "[secret]");
    return failed("SQLSTATE " + (e.getSQLState() == null ? "unknown" : e.getSQLState()) + ": " + message);
  }

  private static Map<String, Object> failed(String message) {
    var result = new LinkedHashMap<String, Object>();
    result.put("content", List.of(Map.of("type", "text", "text", message)));
    result.put("isError", true);
    return result;
  }
}
