package dev.portcullis.vault.backend.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.LastMileCredential.DatabaseLogin;
import dev.portcullis.devkit.PostgresServer;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretReader;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real PostgreSQL: roles are minted and revoked by an admin role that is not a superuser. */
class PostgresRoleBackendTest {
  private static final String DB = "vault_roles";
  private static final String ADMIN = "pc_vault_admin";
  private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
  private static final String SECRET_PATH = "backends/orders-db/admin";
  private static final LeaseScope SCOPE = new LeaseScope("https://idp#alice", List.of("agent-1"), "task-1", null);
  private static PostgresServer server;

  @BeforeAll
  static void database() throws SQLException {
    server = PostgresServer.shared();
    server.createDatabase(DB);
    try (Connection c = server.connectAsSuperuser(DB); var st = c.createStatement()) {
      st.execute("CREATE ROLE " + ADMIN + " LOGIN CREATEROLE PASSWORD '" + ADMIN_PASSWORD + "'");
      st.execute("GRANT pg_signal_backend TO " + ADMIN);
      st.execute("CREATE ROLE order_readers NOLOGIN");
      st.execute("CREATE ROLE \"we\"\"ird\" NOLOGIN");
      st.execute("GRANT order_readers, \"we\"\"ird\" TO " + ADMIN + " WITH ADMIN OPTION");
      st.execute("GRANT CREATE ON SCHEMA public TO " + ADMIN + " WITH GRANT OPTION");
      st.execute("CREATE TABLE audit_trail (id int)");
      st.execute("GRANT SELECT ON TABLE audit_trail TO " + ADMIN);
    }
    try (Connection c = server.connect(DB, ADMIN, ADMIN_PASSWORD); var st = c.createStatement()) {
      st.execute("CREATE TABLE orders (id int PRIMARY KEY, item text)");
      st.execute("INSERT INTO orders VALUES (1, 'pen'), (2, 'ink')");
      st.execute("CREATE TABLE customers (id int PRIMARY KEY, name text)");
      st.execute("INSERT INTO customers VALUES (1, 'Ada')");
      st.execute("CREATE TABLE salaries (id int PRIMARY KEY, amount int)");
      st.execute("GRANT SELECT ON TABLE customers TO order_readers");
    }
  }

  private static SecretReader secrets(String password) {
    return path -> {
      if (!path.equals(SECRET_PATH)) throw new VaultException(VaultException.Reason.NOT_FOUND, "no secret at " + path);
      return SecretValue.of(password);
    };
  }

  private static PostgresRoleBackend backend(List<String> memberOf, List<String> grants) {
    var settings = new PostgresRoleSettings(server.jdbcUrl(DB), ADMIN, SECRET_PATH, memberOf, grants, 5);
    return new PostgresRoleBackend("orders-db", settings, secrets(ADMIN_PASSWORD));
  }

  private static PostgresRoleBackend readers() {
    return backend(List.of("order_readers"), List.of("SELECT ON TABLE orders"));
  }

  private static MintRequest request(Instant notAfter) {
    return new MintRequest("orders-db/" + UUID.randomUUID(), SCOPE, notAfter);
  }

  private static Connection login(DatabaseLogin login) throws SQLException {
    return server.connect(DB, login.username(), login.password());
  }

  private static boolean roleExists(String role) throws SQLException {
    try (Connection c = server.connectAsSuperuser(DB);
         var ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, role);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String sqlState(Connection c, String sql) {
    try (var st = c.createStatement()) {
      st.execute(sql);
      return null;
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  @Test
  void mintedRole_canLoginAndUseGrantedTables_only() throws SQLException {
    PostgresRoleBackend backend = readers();
    MintRequest request = request(Instant.now().plus(10, ChronoUnit.MINUTES));
    Minted minted = backend.mint(request);
    var login = (DatabaseLogin) minted.credential();

    assertThat(login.username()).isEqualTo(PostgresRoleBackend.roleName(request.leaseId())).matches("pc_[0-9a-f]{24}");
    assertThat(minted.revocationData()).containsExactly(Map.entry("role", login.username()));
    assertThat(login.expiresAt()).isEqualTo(request.notAfter().truncatedTo(ChronoUnit.SECONDS));
    try (Connection c = login(login)) {
      assertThat(sqlState(c, "SELECT * FROM orders")).isNull();
      assertThat(sqlState(c, "SELECT * FROM customers")).as("through member-of").isNull();
      assertThat(sqlState(c, "SELECT * FROM salaries")).isEqualTo("42501");
      assertThat(sqlState(c, "INSERT INTO orders VALUES (3, 'nib')")).isEqualTo("42501");
      assertThat(sqlState(c, "CREATE ROLE sneaky")).isEqualTo("42501");
    }
    backend.revoke(request.leaseId(), minted.revocationData());
  }

  @Test
  void mintedPasswords_areLongRandomAndDistinct() {
    PostgresRoleBackend backend = readers();
    var a = backend.mint(request(Instant.now().plusSeconds(600)));
    var b = backend.mint(request(Instant.now().plusSeconds(600)));
    String pa = ((DatabaseLogin) a.credential()).password();
    String pb = ((DatabaseLogin) b.credential()).password();
    assertThat(pa).hasSize(43).isNotEqualTo(pb);
    assertThat(a.credential().toString()).doesNotContain(pa);
  }

  @Test
  void revoke_terminatesLiveSession() throws SQLException {
    PostgresRoleBackend backend = readers();
    MintRequest request = request(Instant.now().plusSeconds(600));
    Minted minted = backend.mint(request);
    var login = (DatabaseLogin) minted.credential();
    try (Connection open = login(login)) {
      assertThat(sqlState(open, "SELECT * FROM orders")).isNull();

      backend.revoke(request.leaseId(), minted.revocationData());

      assertThat(sqlState(open, "SELECT * FROM orders")).as("the open session is dead").isNotNull();
      assertThat(open.isValid(2)).isFalse();
    }
    assertThat(roleExists(login.username())).isFalse();
    assertThatThrownBy(() -> login(login)).isInstanceOf(SQLException.class);
  }

  @Test
  void validUntilAlone_doesNotEndOpenSessions() throws Exception {
    PostgresRoleBackend backend = readers();
    MintRequest request = request(Instant.now().plusSeconds(2));
    Minted minted = backend.mint(request);
    var login = (DatabaseLogin) minted.credential();
    try (Connection open = login(login)) {
      waitPast(login.expiresAt());

      assertThat(sqlState(open, "SELECT * FROM orders")).as("VALID UNTIL does not end a session").isNull();
      assertThatThrownBy(() -> login(login)).isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
    }
    backend.revoke(request.leaseId(), minted.revocationData());
  }

  @Test
  void crashedGatewayRoles_stopWorkingAtValidUntil() throws Exception {
    MintRequest request = request(Instant.now().plusSeconds(2));
    var login = (DatabaseLogin) readers().mint(request).credential();
    try (Connection before = login(login)) {
      assertThat(sqlState(before, "SELECT 1")).isNull();
    }
    // The gateway is gone: nobody revokes. The role stays, but no one can log in with it.
    waitPast(login.expiresAt());

    assertThat(roleExists(login.username())).isTrue();
    assertThatThrownBy(() -> login(login)).isInstanceOf(SQLException.class);
    // A restarted gateway revokes from the lease id alone.
    readers().revoke(request.leaseId(), Map.of());
    assertThat(roleExists(login.username())).isFalse();
  }

  @Test
  void revoke_isIdempotent() throws SQLException {
    PostgresRoleBackend backend = readers();
    MintRequest request = request(Instant.now().plusSeconds(600));
    Minted minted = backend.mint(request);

    backend.revoke(request.leaseId(), minted.revocationData());
    assertThatCode(() -> backend.revoke(request.leaseId(), minted.revocationData())).doesNotThrowAnyException();
    assertThatCode(() -> backend.revoke("orders-db/never-minted", Map.of())).doesNotThrowAnyException();
    assertThat(roleExists(PostgresRoleBackend.roleName(request.leaseId()))).isFalse();
  }

  @Test
  void revoke_refusesARoleItsLeaseWouldNotHaveCreated() throws SQLException {
    assertThatThrownBy(() -> readers().revoke("orders-db/x", Map.of("role", ADMIN)))
        .isInstanceOf(VaultException.class)
        .extracting(e -> ((VaultException) e).reason()).isEqualTo(VaultException.Reason.REFUSED);
    assertThat(roleExists(ADMIN)).isTrue();
  }

  @Test
  void revoke_dropsWhatTheRoleOwned() throws SQLException {
    PostgresRoleBackend backend = backend(List.of(), List.of("CREATE ON SCHEMA public"));
    MintRequest request = request(Instant.now().plusSeconds(600));
    Minted minted = backend.mint(request);
    try (Connection c = login((DatabaseLogin) minted.credential())) {
      assertThat(sqlState(c, "CREATE TABLE scratch_" + Math.abs(request.leaseId().hashCode()) + " (x int)")).isNull();
    }
    backend.revoke(request.leaseId(), minted.revocationData());
    assertThat(roleExists(PostgresRoleBackend.roleName(request.leaseId()))).isFalse();
  }

  @Test
  void wrongAdminPassword_failsWithoutLeakingIt() {
    String wrong = "wrong-" + UUID.randomUUID();
    var settings = new PostgresRoleSettings(server.jdbcUrl(DB), ADMIN, SECRET_PATH, List.of(), List.of(), 1);
    var backend = new PostgresRoleBackend("orders-db", settings, secrets(wrong));

    assertThatThrownBy(() -> backend.mint(request(Instant.now().plusSeconds(60))))
        .isInstanceOf(VaultException.class)
        .satisfies(e -> {
          assertThat(((VaultException) e).reason()).isEqualTo(VaultException.Reason.BACKEND_FAILED);
          assertThat(e.getMessage()).contains("28P01").doesNotContain(wrong).doesNotContain(ADMIN_PASSWORD);
          assertThat(e.getCause()).isNull();
        });
  }

  @Test
  void sealedVault_stopsMintAndRevoke() {
    var settings = new PostgresRoleSettings(server.jdbcUrl(DB), ADMIN, SECRET_PATH, List.of(), List.of(), 1);
    var backend = new PostgresRoleBackend("orders-db", settings, path -> {
      throw new VaultException(VaultException.Reason.SEALED, "the vault is sealed");
    });
    assertThatThrownBy(() -> backend.mint(request(Instant.now().plusSeconds(60))))
        .extracting(e -> ((VaultException) e).reason()).isEqualTo(VaultException.Reason.SEALED);
    assertThatThrownBy(() -> backend.revoke("orders-db/x", Map.of()))
        .extracting(e -> ((VaultException) e).reason()).isEqualTo(VaultException.Reason.SEALED);
  }

  @Test
  void failedGrant_leavesNoRoleBehind() throws SQLException {
    PostgresRoleBackend backend = backend(List.of(), List.of("SELECT ON TABLE no_such_table"));
    MintRequest request = request(Instant.now().plusSeconds(60));

    assertThatThrownBy(() -> backend.mint(request))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("42P01");
    assertThat(roleExists(PostgresRoleBackend.roleName(request.leaseId()))).isFalse();
  }

  @Test
  void grantTheAdminHoldsWithoutGrantOption_failsTheMint() throws SQLException {
    PostgresRoleBackend backend = backend(List.of(), List.of("SELECT ON TABLE audit_trail"));
    MintRequest request = request(Instant.now().plusSeconds(60));

    assertThatThrownBy(() -> backend.mint(request))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("may not grant");
    assertThat(roleExists(PostgresRoleBackend.roleName(request.leaseId()))).isFalse();
  }

  @Test
  void memberOfNamesWithQuotes_areQuoted() throws SQLException {
    PostgresRoleBackend backend = backend(List.of("we\"ird"), List.of());
    MintRequest request = request(Instant.now().plusSeconds(60));
    Minted minted = backend.mint(request);
    try (Connection c = server.connectAsSuperuser(DB);
         var ps = c.prepareStatement("SELECT pg_has_role(?, 'we\"ird', 'MEMBER')")) {
      ps.setString(1, ((DatabaseLogin) minted.credential()).username());
      try (var rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    }
    backend.revoke(request.leaseId(), minted.revocationData());
  }

  @Test
  void grantsWithQuotesOrOtherGrantees_areRefused() {
    for (String grant : List.of("SELECT ON TABLE \"orders\"", "SELECT ON TABLE orders; DROP TABLE orders",
        "SELECT ON TABLE orders TO public", "SELECT ON TABLE orders -- x", "SELECT ON orders WITH GRANT OPTION",
        "SELECT ON TABLE 'orders'", "SELECT orders", "")) {
      assertThatThrownBy(() -> new PostgresRoleSettings(server.jdbcUrl(DB), ADMIN, SECRET_PATH, List.of(), List.of(grant), 1))
          .as(grant).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void settings_reportEveryProblemAtOnce() {
    assertThatThrownBy(() -> new PostgresRoleSettings("jdbc:postgresql://h/db?password=x", "", "", List.of(""),
        List.of("ALL ON TABLE t TO x"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry a password")
        .hasMessageContaining("admin-user")
        .hasMessageContaining("admin-password-secret")
        .hasMessageContaining("member-of")
        .hasMessageContaining("TO")
        .hasMessageContaining("connection-limit");
  }

  @Test
  void grantClause_acceptsOrdinaryGrants() {
    assertThat(GrantClause.problem("SELECT, INSERT ON TABLE app.orders")).isNull();
    assertThat(GrantClause.problem("SELECT (id, item) ON orders")).isNull();
    assertThat(GrantClause.problem("USAGE ON SCHEMA app")).isNull();
    assertThat(GrantClause.problem("SELECT ON ALL TABLES IN SCHEMA app")).isNull();
  }

  /** Waits for the wall clock to pass an instant: the server checks VALID UNTIL against its own clock. */
  private static void waitPast(Instant instant) throws InterruptedException {
    while (!Instant.now().isAfter(instant.plusMillis(200))) Thread.sleep(50);
  }
}
