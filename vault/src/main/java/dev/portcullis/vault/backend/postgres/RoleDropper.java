package dev.portcullis.vault.backend.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Takes one dynamic role away: no new logins, no live sessions, nothing owned, then the role itself.
 *
 * <p>The order matters. {@code NOLOGIN} first, so that no session can start while the existing ones
 * are being ended; then the sessions are terminated and revoke waits until {@code pg_stat_activity}
 * shows none (terminating is a signal, not a wait); only then is the role dropped, since PostgreSQL
 * refuses to drop a role that still has sessions. {@code REASSIGN OWNED}/{@code DROP OWNED} act on the
 * current database, which is the one the backend manages. A role that is already gone is success.
 * Everything after the termination runs in one transaction: a failure leaves the role in place,
 * unable to log in, for the next attempt.
 */
final class RoleDropper {
  private static final long POLL_MILLIS = 10;

  private final Connection admin;
  private final String role;
  private final Duration wait;

  RoleDropper(Connection admin, String role, Duration wait) {
    this.admin = admin;
    this.role = role;
    this.wait = wait;
  }

  void drop() throws SQLException, SessionsRemainException {
    if (!exists()) return;
    String quoted = Identifiers.quote(role);
    try (var st = admin.createStatement()) {
      st.execute("ALTER ROLE " + quoted + " NOLOGIN");
    }
    terminateSessions();
    admin.setAutoCommit(false);
    try (var st = admin.createStatement()) {
      if (!adminHasPrivilegesOfRole()) st.execute("GRANT " + quoted + " TO CURRENT_USER");
      st.execute("REASSIGN OWNED BY " + quoted + " TO CURRENT_USER");
      st.execute("DROP OWNED BY " + quoted);
      st.execute("DROP ROLE " + quoted);
      admin.commit();
    } catch (SQLException e) {
      admin.rollback();
      throw e;
    } finally {
      admin.setAutoCommit(true);
    }
  }

  /**
   * {@code REASSIGN OWNED} and {@code DROP OWNED} need the privileges of the role. An admin with
   * {@code CREATEROLE} holds only the admin option on roles it created (PostgreSQL 16 and later), so it
   * grants itself the role first, inside the transaction that drops it.
   */
  private boolean adminHasPrivilegesOfRole() throws SQLException {
    try (var ps = admin.prepareStatement("SELECT pg_has_role(CURRENT_USER, ?, 'USAGE')")) {
      ps.setString(1, role);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private boolean exists() throws SQLException {
    try (var ps = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, role);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void terminateSessions() throws SQLException, SessionsRemainException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try (var ps = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")) {
        ps.setString(1, role);
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            // Each row is one session told to end; whether it has ended is checked below.
          }
        }
      }
      int remaining = sessions();
      if (remaining == 0) return;
      if (System.nanoTime() >= deadline) {
        throw new SessionsRemainException("still had " + remaining + " session(s) " + wait.toMillis()
            + " ms after they were told to end");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SessionsRemainException("was interrupted while waiting for its sessions to end");
      }
    }
  }

  private int sessions() throws SQLException {
    try (var ps = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
      ps.setString(1, role);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
