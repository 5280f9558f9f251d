package dev.portcullis.connect.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One SQL connector: the database, and the tools it offers.
 *
 * @param name             the upstream's name (the namespace of its tools)
 * @param jdbcUrl          {@code jdbc:postgresql://host:port/db}, without credentials: every connection
 *                         logs in with the credential checked out for the call
 * @param queries          the named queries, one tool each
 * @param freeQuery        the free query tool, or {@code null} when agents may run only the named queries
 * @param statementTimeout how long any statement may run
 */
public record SqlConnectorSettings(String name, String jdbcUrl, List<SqlQuery> queries, FreeQuery freeQuery,
                                   Duration statementTimeout) {

  /** The name of the free query tool. */
  public static final String FREE_QUERY_TOOL = "query";

  /**
   * The free query tool: any single statement, always in a read-only transaction. Off unless
   * configured; policy decides who may call it.
   *
   * @param maxRows the most rows returned
   */
  public record FreeQuery(int maxRows) {
    public FreeQuery {
      if (maxRows < 1) throw new IllegalArgumentException("free query max-rows must be at least 1, was " + maxRows);
    }
  }

  /**
   * @throws IllegalArgumentException listing every problem at once
   */
  public SqlConnectorSettings {
    queries = List.copyOf(Objects.requireNonNull(queries, "queries"));
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    var problems = new ArrayList<String>();
    if (name == null || name.isBlank()) problems.add("name is required");
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      problems.add("jdbc-url must start with jdbc:postgresql:");
    } else {
      String lower = jdbcUrl.toLowerCase(Locale.ROOT);
      if (lower.contains("password") || lower.contains("user=")) {
        problems.add("jdbc-url must not carry credentials; each call logs in with the credential checked out for it");
      }
    }
    var names = new HashSet<String>();
    for (SqlQuery q : queries) {
      if (!names.add(q.name())) problems.add("two queries are named " + q.name());
      if (freeQuery != null && q.name().equals(FREE_QUERY_TOOL)) {
        problems.add("a query is named " + FREE_QUERY_TOOL + ", the name of the free query tool");
      }
    }
    if (queries.isEmpty() && freeQuery == null) problems.add("offers no tools: give queries or enable the free query");
    if (statementTimeout.toMillis() < 1 || statementTimeout.toMillis() > Integer.MAX_VALUE) {
      problems.add("statement timeout must be between 1 ms and " + Integer.MAX_VALUE + " ms");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("sql connector " + name + ": " + String.join("; ", problems));
    }
  }
}
