package dev.portcullis.bench.lease;

import dev.portcullis.devkit.PostgresServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.postgresql.util.PasswordUtil;

/**
 * The database the run leases roles on, set up the way an operator would: an admin role that is
 * not a superuser ({@code CREATEROLE}, {@code pg_signal_backend}, the admin option on the group it
 * hands out, {@code SELECT} with grant option on the table), a group role and a table. Also does,
 * directly over JDBC as that admin, what the baselines measure.
 */
final class BenchDatabase {
  static final String DATABASE = "lease_bench";
  static final String ADMIN = "pc_bench_admin";
  static final String GROUP = "order_readers";
  static final String TABLE = "orders";
  /** What every minted role is given, for the backend's settings and the baselines alike. */
  static final List<String> GRANTS = List.of("SELECT ON TABLE " + TABLE);
  static final int CONNECTION_LIMIT = 5;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PostgresServer server;
  private final String adminPassword;
  private int roles;

  private BenchDatabase(PostgresServer server, String adminPassword) {
    this.server = server;
    this.adminPassword = adminPassword;
  }

  /** Creates the database, the admin role, the group and the table on {@code server}. */
  static BenchDatabase create(PostgresServer server) throws SQLException {
    String password = randomPassword();
    server.createDatabase(DATABASE);
    try (Connection c = server.connectAsSuperuser(DATABASE); var st = c.createStatement()) {
      st.execute("CREATE ROLE " + ADMIN + " LOGIN CREATEROLE PASSWORD '" + PasswordUtil.encodeScramSha256(
          password.toCharArray()) + "'");
      st.execute("GRANT pg_signal_backend TO " + ADMIN);
      st.execute("CREATE ROLE " + GROUP + " NOLOGIN");
      st.execute("GRANT " + GROUP + " TO " + ADMIN + " WITH ADMIN OPTION");
      st.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, item text)");
      st.execute("INSERT INTO " + TABLE + " VALUES (1, 'pen'), (2, 'ink')");
      st.execute("GRANT SELECT ON TABLE " + TABLE + " TO " + ADMIN + " WITH GRANT OPTION");
    }
    return new BenchDatabase(server, password);
  }

  /** The admin role's password, to be stored in the vault where the backend reads it. */
  String adminPassword() { return adminPassword; }

  /** The database's JDBC URL, without credentials. */
  String jdbcUrl() { return server.jdbcUrl(DATABASE); }

  /** The server's version, for the report. */
  String serverVersion() throws SQLException {
    try (Connection c = admin(); var st = c.createStatement(); var rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A new connection as the admin, made with the same options as the backend's. */
  Connection admin() throws SQLException {
    var props = new Properties();
    props.setProperty("user", ADMIN);
    props.setProperty("password", adminPassword);
    props.setProperty("connectTimeout", "10");
    props.setProperty("socketTimeout", "30");
    props.setProperty("ApplicationName", "portcullis-lease-bench");
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  /** A new connection as a leased role. */
  Connection login(String user, String password) throws SQLException {
    return server.connect(DATABASE, user, password);
  }

  /** A fresh role name for a baseline, in the backend's own name space shape but never one it derives. */
  String nextRoleName() { return "pc_base_" + (++roles); }

  /**
   * The baseline mint: one transaction creating a login role with a fresh SCRAM verifier, valid
   * until {@code validUntil}, made a member of the group and given the table grant.
   */
  static void createRole(Connection admin, String role, Instant validUntil) throws SQLException {
    char[] password = randomPassword().toCharArray();
    String verifier = PasswordUtil.encodeScramSha256(password);
    admin.setAutoCommit(false);
    try (var st = admin.createStatement()) {
      st.execute("CREATE ROLE " + role + " LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
          + " CONNECTION LIMIT " + CONNECTION_LIMIT + " PASSWORD '" + verifier + "' VALID UNTIL '"
          + validUntil.truncatedTo(ChronoUnit.SECONDS) + "'");
      st.execute("GRANT " + GROUP + " TO " + role);
      for (String grant : GRANTS) st.execute("GRANT " + grant + " TO " + role);
      admin.commit();
    } catch (SQLException e) {
      admin.rollback();
      throw e;
    } finally {
      admin.setAutoCommit(true);
    }
  }

  /**
   * The baseline revoke: the least a revocation can do for such a role, which has no sessions and
   * owns nothing: take its grants back and drop it, in one transaction (its group membership goes
   * with the role).
   */
  static void dropRole(Connection admin, String role) throws SQLException {
    admin.setAutoCommit(false);
    try (var st = admin.createStatement()) {
      for (String grant : GRANTS) st.execute("REVOKE " + grant + " FROM " + role);
      st.execute("DROP ROLE " + role);
      admin.commit();
    } catch (SQLException e) {
      admin.rollback();
      throw e;
    } finally {
      admin.setAutoCommit(true);
    }
  }

  /** One round trip. */
  static void selectOne(Connection c) throws SQLException {
    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
      if (!rs.next() || rs.getInt(1) != 1) throw new SQLException("SELECT 1 did not return 1");
    }
  }

  /** Whether a role of this name exists. */
  static boolean roleExists(Connection admin, String role) throws SQLException {
    try (var ps = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, role);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String randomPassword() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
