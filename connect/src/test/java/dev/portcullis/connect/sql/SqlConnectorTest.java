package dev.portcullis.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.LastMileCredential.DatabaseLogin;
import dev.portcullis.core.MessageStream;
import dev.portcullis.devkit.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real PostgreSQL, with login roles standing in for the ones the vault mints. */
class SqlConnectorTest {
  private static final String DB = "connect_sql";
  private static PostgresServer server;
  private SqlConnector connector;

  @BeforeAll
  static void database() throws SQLException {
    server = PostgresServer.shared();
    server.createDatabase(DB);
    try (Connection c = server.connectAsSuperuser(DB); var st = c.createStatement()) {
      st.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text, item text, amount numeric, placed date)");
      st.execute("INSERT INTO orders VALUES (1, 'alice', 'pen', 3.5, '2026-01-02'), (2, 'alice', 'ink', 12, '2026-01-03'),"
          + " (3, 'bob', 'nib', 1, '2026-01-04')");
      st.execute("CREATE TABLE salaries (id int, amount int)");
      st.execute("CREATE ROLE order_writers NOLOGIN");
      st.execute("GRANT SELECT, INSERT, DELETE ON TABLE orders TO order_writers");
    }
  }

  @AfterEach
  void closeConnector() {
    if (connector != null) connector.close();
  }

  /** A fresh login role that may read and write orders, as the vault would mint it. */
  private static DatabaseLogin newLogin() throws SQLException {
    String role = "pc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String password = UUID.randomUUID().toString();
    try (Connection c = server.connectAsSuperuser(DB); var st = c.createStatement()) {
      st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "' IN ROLE order_writers");
    }
    return new DatabaseLogin("sql/" + role, Instant.now().plusSeconds(600), role, password);
  }

  private static void revoke(DatabaseLogin login) throws SQLException {
    try (Connection c = server.connectAsSuperuser(DB); var st = c.createStatement()) {
      st.execute("ALTER ROLE " + login.username() + " NOLOGIN");
      st.execute("SELECT pg_terminate_backend(pid, 1000) FROM pg_stat_activity WHERE usename = '" + login.username() + "'");
      st.execute("DROP ROLE " + login.username());
    }
  }

  private static SqlQuery byCustomer() {
    return new SqlQuery("orders_by_customer", "Orders of one customer above an amount",
        "SELECT id, item, amount, placed FROM orders WHERE customer = :customer AND amount >= :min_amount::numeric ORDER BY id",
        Map.of("customer", Map.of("type", "string"), "min_amount", Map.of("type", "number")),
        List.of("customer"), true, 100);
  }

  private static SqlQuery addOrder() {
    return new SqlQuery("add_order", "Adds an order",
        "INSERT INTO orders (id, customer, item, amount) VALUES (:id, :customer, :item, 1)",
        Map.of("id", Map.of("type", "integer"), "customer", Map.of("type", "string"), "item", Map.of("type", "string")),
        List.of("id", "customer", "item"), false, 1);
  }

  private static SqlQuery allOrders(int maxRows) {
    return new SqlQuery("all_orders", "Every order", "SELECT id FROM orders ORDER BY id", Map.of(), List.of(), true, maxRows);
  }

  private SqlConnector connector(SqlConnectorSettings.FreeQuery free, SqlQuery... queries) {
    connector = new SqlConnector(new SqlConnectorSettings("orders-db", server.jdbcUrl(DB), List.of(queries), free,
        Duration.ofSeconds(5)));
    return connector;
  }

  private static Map<String, Object> response(MessageStream stream) throws IOException {
    try (stream) {
      Map<String, Object> m = stream.next();
      assertThat(stream.next()).isNull();
      return m;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> call(SqlConnector c, String tool, Map<String, Object> arguments,
                                          LastMileCredential credential) throws IOException {
    var params = new LinkedHashMap<String, Object>();
    params.put("name", tool);
    params.put("arguments", arguments);
    Map<String, Object> response = response(c.request("tools/call", params, Map.of(), credential));
    assertThat(response).containsKey("result");
    return (Map<String, Object>) response.get("result");
  }

  @SuppressWarnings("unchecked")
  private static String text(Map<String, Object> result) {
    return (String) ((List<Map<String, Object>>) result.get("content")).getFirst().get("text");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Map<String, Object> result) {
    assertThat(result.get("isError")).as(String.valueOf(result)).isEqualTo(false);
    return (List<Map<String, Object>>) ((Map<String, Object>) result.get("structuredContent")).get("rows");
  }

  @Test
  void answersInitializeAndPing_likeAnMcpServer() throws IOException {
    SqlConnector c = connector(null, byCustomer());
    Map<String, Object> init = response(c.request("initialize", Map.of("protocolVersion", "2025-06-18"), Map.of()));
    assertThat(init).containsEntry("jsonrpc", "2.0").containsKey("id");
    assertThat((Map<String, Object>) init.get("result")).containsEntry("protocolVersion", "2025-06-18");
    assertThat(response(c.request("ping", Map.of(), Map.of()))).containsEntry("result", Map.of());
    assertThat(response(c.request("resources/list", Map.of(), Map.of())).get("error")).asString().contains("-32601");
  }

  @Test
  @SuppressWarnings("unchecked")
  void toolsList_describesQueriesWithSchemasAndHints() throws IOException {
    SqlConnector c = connector(new SqlConnectorSettings.FreeQuery(50), byCustomer(), addOrder());
    var result = (Map<String, Object>) response(c.request("tools/list", Map.of(), Map.of())).get("result");
    var tools = (List<Map<String, Object>>) result.get("tools");

    assertThat(tools).extracting(t -> t.get("name")).containsExactly("orders_by_customer", "add_order", "query");
    var byCustomer = tools.getFirst();
    assertThat((Map<String, Object>) byCustomer.get("inputSchema"))
        .containsEntry("type", "object")
        .containsEntry("required", List.of("customer"))
        .containsEntry("additionalProperties", false);
    assertThat((Map<String, Object>) byCustomer.get("annotations"))
        .containsEntry("readOnlyHint", true).containsEntry("destructiveHint", false);
    assertThat((Map<String, Object>) tools.get(1).get("annotations"))
        .containsEntry("readOnlyHint", false).containsEntry("destructiveHint", true);
    assertThat((Map<String, Object>) tools.get(2).get("annotations")).containsEntry("readOnlyHint", true);
  }

  @Test
  void namedQuery_bindsParametersAndReturnsRows() throws Exception {
    SqlConnector c = connector(null, byCustomer());
    Map<String, Object> result = call(c, "orders_by_customer", Map.of("customer", "alice", "min_amount", 10), newLogin());

    assertThat(rows(result)).containsExactly(Map.of("id", 2, "item", "ink", "amount", new java.math.BigDecimal("12"),
        "placed", "2026-01-03"));
    assertThat((Map<String, Object>) result.get("structuredContent"))
        .containsEntry("rowCount", 1).containsEntry("truncated", false);
    assertThat(text(result)).isEqualTo("[{\"id\":2,\"item\":\"ink\",\"amount\":12,\"placed\":\"2026-01-03\"}]");
  }

  @Test
  void optionalParameterLeftOut_isBoundAsNull() throws Exception {
    SqlConnector c = connector(null, byCustomer());
    assertThat(rows(call(c, "orders_by_customer", Map.of("customer", "alice"), newLogin()))).isEmpty();
  }

  @Test
  void injectionThroughAParameter_staysAValue() throws Exception {
    SqlConnector c = connector(null, byCustomer());
    DatabaseLogin login = newLogin();
    for (String attack : List.of("alice' OR '1'='1", "x'; DELETE FROM orders; --", "alice\\' OR 1=1 --")) {
      assertThat(rows(call(c, "orders_by_customer", Map.of("customer", attack, "min_amount", 0), login))).as(attack).isEmpty();
    }
    try (Connection s = server.connectAsSuperuser(DB); var rs = s.createStatement().executeQuery("SELECT count(*) FROM orders WHERE id <= 3")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(3);
    }
  }

  @Test
  void badArguments_areToolErrorsNamingEveryProblem() throws Exception {
    SqlConnector c = connector(null, byCustomer());
    Map<String, Object> result = call(c, "orders_by_customer", Map.of("min_amount", "ten", "extra", 1), newLogin());
    assertThat(result).containsEntry("isError", true);
    assertThat(text(result)).contains("unknown argument extra", "missing required argument customer", "min_amount must be a number");
  }

  @Test
  void freeQuery_refusesWritesInItsReadOnlyTransaction() throws Exception {
    SqlConnector c = connector(new SqlConnectorSettings.FreeQuery(10), byCustomer());
    DatabaseLogin login = newLogin();

    Map<String, Object> delete = call(c, "query", Map.of("sql", "DELETE FROM orders"), login);
    assertThat(delete).containsEntry("isError", true);
    assertThat(text(delete)).startsWith("SQLSTATE 25006");

    Map<String, Object> smuggled = call(c, "query", Map.of("sql", "SELECT 1; COMMIT; DELETE FROM orders"), login);
    assertThat(smuggled).containsEntry("isError", true);
    assertThat(text(smuggled)).contains("exactly one statement");

    Map<String, Object> escape = call(c, "query", Map.of("sql", "SET TRANSACTION READ WRITE"), login);
    assertThat(escape).containsEntry("isError", true);
    assertThat(text(escape)).startsWith("SQLSTATE 25001");

    assertThat(rows(call(c, "query", Map.of("sql", "SELECT count(*) AS n FROM orders"), login)).getFirst().get("n"))
        .isEqualTo(3L);
  }

  @Test
  void freeQuery_isOffUnlessConfigured() throws Exception {
    SqlConnector c = connector(null, byCustomer());
    var params = Map.<String, Object>of("name", "query", "arguments", Map.of("sql", "SELECT 1"));
    assertThat(response(c.request("tools/call", params, Map.of(), newLogin()))).containsKey("error");
    assertThat(c.toolNames()).containsExactly("orders_by_customer");
  }

  @Test
  void writeQuery_commits() throws Exception {
    SqlConnector c = connector(null, addOrder());
    Map<String, Object> result = call(c, "add_order", Map.of("id", 100, "customer", "carol", "item", "pad"), newLogin());
    assertThat((Map<String, Object>) result.get("structuredContent")).containsEntry("rowCount", 1);
    try (Connection s = server.connectAsSuperuser(DB); var st = s.createStatement()) {
      var rs = st.executeQuery("SELECT item FROM orders WHERE id = 100");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("pad");
      st.execute("DELETE FROM orders WHERE id = 100");
    }
  }

  @Test
  void rowsBeyondMaxRows_areCutOffAndSaidSo() throws Exception {
    SqlConnector c = connector(null, allOrders(2));
    Map<String, Object> result = call(c, "all_orders", Map.of(), newLogin());
    assertThat(rows(result)).hasSize(2);
    assertThat((Map<String, Object>) result.get("structuredContent")).containsEntry("truncated", true);
  }

  @Test
  void databaseErrors_areToolErrorsWithSqlState() throws Exception {
    SqlConnector c = connector(new SqlConnectorSettings.FreeQuery(10));
    Map<String, Object> result = call(c, "query", Map.of("sql", "SELECT * FROM salaries"), newLogin());
    assertThat(result).containsEntry("isError", true);
    assertThat(text(result)).isEqualTo("SQLSTATE 42501: permission denied for table salaries");
  }

  @Test
  void noCredential_isAToolError() throws Exception {
    SqlConnector c = connector(null, allOrders(10));
    Map<String, Object> result = call(c, "all_orders", Map.of(), null);
    assertThat(result).containsEntry("isError", true);
    assertThat(text(result)).isEqualTo("no database credential was checked out for this call");
    Map<String, Object> headers = call(c, "all_orders", Map.of(),
        new LastMileCredential.Headers("l", Instant.now().plusSeconds(60), Map.of("Authorization", "x")));
    assertThat(text(headers)).contains("not a database login");
  }

  @Test
  void revokedRole_cachedConnectionFailsCleanly_andANewCredentialWorks() throws Exception {
    SqlConnector c = connector(null, allOrders(10));
    DatabaseLogin first = newLogin();
    assertThat(rows(call(c, "all_orders", Map.of(), first))).hasSize(3);

    revoke(first);

    Map<String, Object> onDeadSession = call(c, "all_orders", Map.of(), first);
    assertThat(onDeadSession).containsEntry("isError", true);
    assertThat(text(onDeadSession)).startsWith("SQLSTATE").doesNotContain(first.password());
    Map<String, Object> relogin = call(c, "all_orders", Map.of(), first);
    assertThat(relogin).containsEntry("isError", true);
    assertThat(text(relogin)).doesNotContain(first.password());

    assertThat(rows(call(c, "all_orders", Map.of(), newLogin()))).hasSize(3);
  }

  @Test
  void connections_areReusedPerLease_andClosedOnceTheLeaseHasExpired() throws Exception {
    var clock = new java.util.concurrent.atomic.AtomicReference<>(Instant.now());
    connector = new SqlConnector(new SqlConnectorSettings("orders-db", server.jdbcUrl(DB), List.of(),
        new SqlConnectorSettings.FreeQuery(1), Duration.ofSeconds(5)), clock::get);
    DatabaseLogin a = newLogin();
    DatabaseLogin b = newLogin();
    var pid = Map.<String, Object>of("sql", "SELECT pg_backend_pid() AS pid");

    Object first = rows(call(connector, "query", pid, a)).getFirst().get("pid");
    assertThat(rows(call(connector, "query", pid, a)).getFirst().get("pid")).isEqualTo(first);
    assertThat(rows(call(connector, "query", pid, b)).getFirst().get("pid")).isNotEqualTo(first);
    assertThat(sessionsOf(a)).isEqualTo(1);

    clock.set(a.expiresAt());
    var later = new DatabaseLogin(b.leaseId(), b.expiresAt().plusSeconds(600), b.username(), b.password());
    call(connector, "query", pid, later);
    // Closing a connection ends its server session a moment later; poll for that (bounded) instead of racing it.
    for (int i = 0; i < 100 && sessionsOf(a) > 0; i++) Thread.sleep(50);
    assertThat(sessionsOf(a)).as("a's connection is closed when a call finds its lease expired").isZero();
  }

  private static int sessionsOf(DatabaseLogin login) throws SQLException {
    try (Connection s = server.connectAsSuperuser(DB);
         var ps = s.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
      ps.setString(1, login.username());
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void expiredCredential_isRefusedWithoutConnecting() throws Exception {
    SqlConnector c = connector(null, allOrders(10));
    DatabaseLogin live = newLogin();
    var expired = new DatabaseLogin(live.leaseId(), Instant.now().minusSeconds(1), live.username(), live.password());
    Map<String, Object> result = call(c, "all_orders", Map.of(), expired);
    assertThat(result).containsEntry("isError", true);
    assertThat(text(result)).contains("has expired");
  }

  @Test
  void settings_refuseCredentialsInTheUrlAndUndeclaredParameters() {
    assertThatThrownBy(() -> new SqlConnectorSettings("db", "jdbc:postgresql://h/db?user=a&password=b", List.of(allOrders(1)),
        null, Duration.ofSeconds(1))).hasMessageContaining("must not carry credentials");
    assertThatThrownBy(() -> new SqlQuery("q", "d", "SELECT * FROM t WHERE a = :a; DELETE FROM t", Map.of(), List.of(), true, 1))
        .hasMessageContaining(":a, which is not among the parameters")
        .hasMessageContaining("exactly one statement");
    assertThatThrownBy(() -> new SqlConnectorSettings("db", "jdbc:postgresql://h/db",
        List.of(new SqlQuery("query", "d", "SELECT 1", Map.of(), List.of(), true, 1)), new SqlConnectorSettings.FreeQuery(1),
        Duration.ofSeconds(1))).hasMessageContaining("free query tool");
  }
}
