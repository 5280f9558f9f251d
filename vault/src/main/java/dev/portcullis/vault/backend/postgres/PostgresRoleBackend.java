package dev.portcullis.vault.backend.postgres;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.CredentialBackend;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretReader;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic PostgreSQL roles: each lease gets a login role of its own that exists only while the lease
 * does.
 *
 * <p>The role's name is derived from the lease id ({@code pc_} and 24 hex digits of its SHA-256), so a
 * lease whose gateway crashed between mint and revoke can still be revoked from its id alone, and
 * revoke drops no role but the one its lease would have created. Its password is 32 random bytes;
 * only its SCRAM verifier, computed here, is sent to the server, so the password never appears in a
 * statement the server could log. {@code VALID UNTIL} is set to the lease's {@code notAfter}: a backstop
 * that stops new logins if nobody revokes, but which PostgreSQL does not apply to sessions already
 * open. Revoke therefore ends those sessions itself, and waits (boundedly) until they are gone.
 *
 * <p>Roles are created and dropped by the configured admin role, whose password is read from the
 * vault at every mint and revoke, so a sealed vault stops both. Errors name the backend, the lease,
 * the role and PostgreSQL's SQLSTATE; never a password.
 */
public final class PostgresRoleBackend implements CredentialBackend {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresRoleBackend.class);
  private static final String KIND = "postgres";
  private static final String ROLE_KEY = "role";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final PostgresRoleSettings settings;
  private final SecretReader secrets;

  /**
   * A backend named {@code name} (the first segment of its lease ids).
   *
   * @param secrets where the admin password is read from
   */
  public PostgresRoleBackend(String name, PostgresRoleSettings settings, SecretReader secrets) {
    this.name = Objects.requireNonNull(name, "name");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  @Override
  public String name() { return name; }

  @Override
  public String kind() { return KIND; }

  /** The role a lease's credential logs in as. */
  public static String roleName(String leaseId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaseId.getBytes(StandardCharsets.UTF_8));
      return "pc_" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public Minted mint(MintRequest request) {
    String role = roleName(request.leaseId());
    Instant validUntil = request.notAfter().truncatedTo(ChronoUnit.SECONDS);
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Arrays.fill(random, (byte) 0);
    char[] chars = password.toCharArray();
    String verifier = PasswordUtil.encodeScramSha256(chars);
    Arrays.fill(chars, '\0');
    try (Connection c = admin()) {
      c.setAutoCommit(false);
      try (var st = c.createStatement()) {
        String quoted = Identifiers.quote(role);
        st.execute("CREATE ROLE " + quoted + " LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
            + " NOBYPASSRLS CONNECTION LIMIT " + settings.connectionLimit()
            + " PASSWORD '" + verifier + "' VALID UNTIL '" + validUntil + "'");
        for (String group : settings.memberOf()) grant(st, "GRANT " + Identifiers.quote(group) + " TO " + quoted);
        for (String grant : settings.grants()) grant(st, "GRANT " + grant + " TO " + quoted);
        c.commit();
      } catch (SQLException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw failure("could not create role " + role + " for lease " + request.leaseId(), e);
    }
    LOG.info("postgres backend {}: created role {} for lease {}, valid until {}", name, role, request.leaseId(), validUntil);
    return new Minted(new LastMileCredential.DatabaseLogin(request.leaseId(), validUntil, role, password),
        Map.of(ROLE_KEY, role));
  }

  @Override
  public void revoke(String leaseId, Map<String, String> revocationData) {
    String role = roleName(leaseId);
    String recorded = revocationData.get(ROLE_KEY);
    if (recorded != null && !recorded.equals(role)) {
      throw new VaultException(VaultException.Reason.REFUSED, "postgres backend " + name + ": lease " + leaseId
          + " records role " + recorded + ", which is not the role this lease would have created; nothing was dropped");
    }
    try (Connection c = admin()) {
      new RoleDropper(c, role, settings.terminationWait()).drop();
    } catch (SQLException e) {
      throw failure("could not revoke role " + role + " of lease " + leaseId, e);
    } catch (SessionsRemainException e) {
      throw new VaultException(VaultException.Reason.BACKEND_FAILED, "postgres backend " + name + ": role " + role
          + " of lease " + leaseId + " " + e.getMessage() + "; it can no longer log in, and revoke will be retried");
    }
    LOG.info("postgres backend {}: revoked role {} of lease {}", name, role, leaseId);
  }

  /**
   * Runs a GRANT and fails if PostgreSQL granted less than asked: a grantor without the grant option
   * gets only a warning, and a role missing a privilege it was configured to have must not be handed out.
   */
  private static void grant(java.sql.Statement st, String sql) throws SQLException {
    st.clearWarnings();
    st.execute(sql);
    for (var w = st.getWarnings(); w != null; w = w.getNextWarning()) {
      if ("01007".equals(w.getSQLState()) || "01006".equals(w.getSQLState())) {
        throw new SQLException("a grant was not given in full", w.getSQLState());
      }
    }
  }

  private Connection admin() throws SQLException {
    SecretValue secret = secrets.read(settings.adminPasswordPath());
    var props = new Properties();
    props.setProperty("user", settings.adminUser());
    props.setProperty("password", secret.utf8());
    props.setProperty("connectTimeout", "10");
    props.setProperty("socketTimeout", "30");
    props.setProperty("ApplicationName", "portcullis-vault");
    try {
      return DriverManager.getConnection(settings.jdbcUrl(), props);
    } finally {
      props.clear();
      secret.destroy();
    }
  }

  private VaultException failure(String what, SQLException e) {
    // The server's message is kept out: it may quote parts of a statement. SQLSTATE says what failed.
    return new VaultException(VaultException.Reason.BACKEND_FAILED, "postgres backend " + name + ": " + what
        + " (SQLSTATE " + e.getSQLState() + ", " + SqlStates.describe(e.getSQLState()) + ")");
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The connection is closed next; the server rolls back with it.
    }
  }
}
