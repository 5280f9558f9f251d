package dev.portcullis.app;

import dev.portcullis.devkit.PostgresServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.postgresql.util.PasswordUtil;

/**
 * The last-mile demo's database: a {@code shop} database with an {@code orders} table, set up the way
 * an operator would prepare a real one for Portcullis. Agents never get a standing login. There is a
 * group role {@code shop_reader} holding what agents may do (SELECT on orders), and an admin role
 * {@code shop_admin} that the vault uses to create a login role per task and drop it afterwards:
 * it has {@code CREATEROLE}, {@code ADMIN OPTION} on {@code shop_reader} (to make new roles members)
 * and {@code pg_signal_backend} (to end the sessions of a role it drops). It is not a superuser.
 */
final class ShopDatabase {
  /** The database's name. */
  static final String NAME = "shop";

  private final PostgresServer server;
  private final String adminPassword;

  private ShopDatabase(PostgresServer server, String adminPassword) {
    this.server = server;
    this.adminPassword = adminPassword;
  }

  /** Creates the database, its table and rows, and the two roles on {@code server}. */
  static ShopDatabase create(PostgresServer server) throws SQLException {
    String password = randomPassword();
    server.createDatabase(NAME);
    try (Connection c = server.connectAsSuperuser(NAME); var st = c.createStatement()) {
      st.execute("CREATE TABLE orders (id text PRIMARY KEY, customer text NOT NULL, item text NOT NULL,"
          + " total numeric(10,2) NOT NULL, status text NOT NULL)");
      st.execute("INSERT INTO orders VALUES"
          + " ('ORD-1', 'acme', 'Espresso machine', 499.00, 'shipped'),"
          + " ('ORD-2', 'acme', 'Coffee beans, 5 kg', 89.50, 'invoiced'),"
          + " ('ORD-3', 'globex', 'Milk frother', 59.90, 'open')");
      st.execute("CREATE ROLE shop_reader NOLOGIN");
      st.execute("GRANT SELECT ON TABLE orders TO shop_reader");
      st.execute("REVOKE ALL ON DATABASE " + NAME + " FROM PUBLIC");
      st.execute("GRANT CONNECT ON DATABASE " + NAME + " TO shop_reader");
    }
    // Only the SCRAM verifier reaches the server, so the password is in no statement it could log.
    char[] chars = password.toCharArray();
    String verifier = PasswordUtil.encodeScramSha256(chars);
    java.util.Arrays.fill(chars, '\0');
    try (Connection c = server.connectAsSuperuser(NAME); var st = c.createStatement()) {
      st.execute("CREATE ROLE shop_admin LOGIN CREATEROLE PASSWORD '" + verifier + "'");
      st.execute("GRANT shop_reader TO shop_admin WITH ADMIN OPTION");
      st.execute("GRANT pg_signal_backend TO shop_admin");
      st.execute("GRANT CONNECT ON DATABASE " + NAME + " TO shop_admin");
    }
    return new ShopDatabase(server, password);
  }

  /** The database's JDBC URL, without credentials. */
  String jdbcUrl() { return server.jdbcUrl(NAME); }

  /** The admin role's password, for the vault only. */
  String adminPassword() { return adminPassword; }

  /** The login roles the vault minted that exist now, with their {@code VALID UNTIL}. */
  List<String> dynamicRoles() throws SQLException {
    var roles = new ArrayList<String>();
    try (Connection c = server.connectAsSuperuser(NAME); var st = c.createStatement();
         var rs = st.executeQuery("SELECT r.rolname, r.rolvaliduntil, array_to_string(ARRAY(SELECT g.rolname FROM pg_auth_members m"
             + " JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid ORDER BY 1), ',') AS groups"
             + " FROM pg_roles r WHERE r.rolname LIKE 'pc\\_%' ORDER BY 1")) {
      while (rs.next()) {
        var validUntil = rs.getTimestamp(2);
        roles.add(rs.getString(1) + " (member of " + rs.getString(3) + ", valid until "
            + (validUntil == null ? "forever" : validUntil.toInstant()) + ")");
      }
    }
    return roles;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
