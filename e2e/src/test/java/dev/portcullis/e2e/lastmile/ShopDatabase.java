package dev.portcullis.e2e.lastmile;

import dev.portcullis.devkit.PostgresServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The shop's database on the shared PostgreSQL, set up as a DBA would for the vault: an
 * {@code orders} table, a group role {@code shop_reader} that may read it, and {@code shop_admin},
 * which may create roles, hand out {@code shop_reader}, and end the sessions of roles it drops.
 * The admin password exists only here and in the vault.
 */
final class ShopDatabase {
  static final String NAME = "shop";
  static final String ADMIN = "shop_admin";
  static final String READER = "shop_reader";

  private final PostgresServer server;
  private final String jdbcUrl;
  private final String adminPassword;

  private ShopDatabase(PostgresServer server, String jdbcUrl, String adminPassword) {
    this.server = server;
    this.jdbcUrl = jdbcUrl;
    this.adminPassword = adminPassword;
  }

  /** Creates the database, its table, rows and roles. */
  static ShopDatabase create(PostgresServer server) throws SQLException {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = "adm-" + HexFormat.of().formatHex(random);
    String url = server.createDatabase(NAME);
    try (Connection c = server.connectAsSuperuser(NAME); var st = c.createStatement()) {
      st.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, item text NOT NULL, amount numeric(10,2))");
      st.execute("INSERT INTO orders VALUES (1, 'ACME GmbH', 'anvil', 120.00), (2, 'ACME GmbH', 'rocket skates', 480.50), "
          + "(3, 'Globex', 'widget', 9.99)");
      st.execute("CREATE ROLE " + READER + " NOLOGIN");
      st.execute("GRANT SELECT ON TABLE orders TO " + READER);
      st.execute("CREATE ROLE " + ADMIN + " LOGIN CREATEROLE PASSWORD '" + password + "'");
      st.execute("GRANT " + READER + " TO " + ADMIN + " WITH ADMIN OPTION");
      st.execute("GRANT pg_signal_backend TO " + ADMIN);
    }
    return new ShopDatabase(server, url, password);
  }

  /** The database's JDBC URL, without credentials. */
  String jdbcUrl() { return jdbcUrl; }

  /** The admin role's password, to be put into the vault (and looked for where it must not be). */
  String adminPassword() { return adminPassword; }

  /** Sessions the role holds now. */
  int sessionsOf(String role) throws SQLException {
    try (Connection c = server.connectAsSuperuser(NAME);
         var ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
      ps.setString(1, role);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Whether the role exists. */
  boolean roleExists(String role) throws SQLException {
    try (Connection c = server.connectAsSuperuser(NAME);
         var ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, role);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** A session of its own as a minted role, as a client that got hold of its login would open. */
  Connection connectAs(String role, String password) throws SQLException {
    return server.connect(NAME, role, password);
  }
}
