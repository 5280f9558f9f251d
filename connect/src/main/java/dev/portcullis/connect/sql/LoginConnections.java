package dev.portcullis.connect.sql;

import dev.portcullis.core.LastMileCredential.DatabaseLogin;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open database connections, one per lease: a call reuses the connection its lease opened, and a
 * connection is closed when its lease has expired, when a different login arrives under the same
 * lease id, when it broke, or when too many are open (least recently used first).
 *
 * <p>A connection is used by one call at a time (its lock); calls of one lease queue behind each
 * other. Nothing here ever logs or reports a password.
 */
final class LoginConnections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoginConnections.class);

  private final String upstream;
  private final String jdbcUrl;
  private final int capacity;
  private final InstantSource clock;
  private final LinkedHashMap<String, Entry> byLease = new LinkedHashMap<>(16, 0.75f, true);

  LoginConnections(String upstream, String jdbcUrl, int capacity, InstantSource clock) {
    this.upstream = upstream;
    this.jdbcUrl = jdbcUrl;
    this.capacity = capacity;
    this.clock = clock;
  }

  /** One lease's connection, locked for the caller until {@link Lent#close()}. */
  final class Lent implements AutoCloseable {
    private final Entry entry;

    private Lent(Entry entry) { this.entry = entry; }

    Connection connection() { return entry.connection; }

    /** Closes the connection and forgets it (it broke, or its session was ended). */
    void discard() {
      synchronized (byLease) {
        byLease.remove(entry.leaseId, entry);
      }
      closeQuietly(entry.connection);
    }

    @Override
    public void close() {
      if (entry.retired) closeQuietly(entry.connection);
      entry.lock.unlock();
    }
  }

  /**
   * The connection for {@code login}'s lease, opened if need be, locked for the caller.
   *
   * @throws SQLException when the login is refused or the database cannot be reached
   */
  Lent lend(DatabaseLogin login) throws SQLException {
    if (!clock.instant().isBefore(login.expiresAt())) {
      throw new SQLException("the database credential of lease " + login.leaseId() + " has expired", "28000");
    }
    Entry entry;
    synchronized (byLease) {
      closeExpired();
      entry = byLease.get(login.leaseId());
      if (entry != null && !entry.matches(login)) {
        byLease.remove(login.leaseId());
        retire(entry);
        entry = null;
      }
      if (entry == null) {
        entry = new Entry(login);
        byLease.put(login.leaseId(), entry);
        shrink();
      }
    }
    entry.lock.lock();
    try {
      if (entry.connection == null || entry.connection.isClosed()) entry.connection = open(login);
      return new Lent(entry);
    } catch (SQLException | RuntimeException e) {
      synchronized (byLease) {
        byLease.remove(login.leaseId(), entry);
      }
      entry.lock.unlock();
      throw e;
    }
  }

  private Connection open(DatabaseLogin login) throws SQLException {
    var props = new Properties();
    props.setProperty("user", login.username());
    props.setProperty("password", login.password());
    props.setProperty("connectTimeout", "10");
    props.setProperty("ApplicationName", "portcullis-" + upstream);
    // Strings are sent untyped so that a string argument can be compared with a date, a uuid, an enum.
    props.setProperty("stringtype", "unspecified");
    try {
      Connection c = DriverManager.getConnection(jdbcUrl, props);
      c.setAutoCommit(false);
      LOG.debug("sql upstream {}: connected as {} for lease {}", upstream, login.username(), login.leaseId());
      return c;
    } finally {
      props.clear();
    }
  }

  private void closeExpired() {
    Instant now = clock.instant();
    for (var it = byLease.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (!now.isBefore(e.expiresAt)) {
        it.remove();
        retire(e);
      }
    }
  }

  private void shrink() {
    if (byLease.size() <= capacity) return;
    for (Entry e : new ArrayList<>(byLease.values())) {
      if (byLease.size() <= capacity) return;
      if (e.lock.isLocked()) continue;
      byLease.remove(e.leaseId);
      retire(e);
    }
  }

  /** Closes a forgotten entry's connection once no call uses it. */
  private static void retire(Entry e) {
    if (e.lock.tryLock()) {
      try {
        closeQuietly(e.connection);
      } finally {
        e.lock.unlock();
      }
    } else {
      // In use: its call finishes on it, and the connection is closed when that call gives it back.
      e.retired = true;
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing a broken connection can fail; it is gone either way.
    }
  }

  @Override
  public void close() {
    synchronized (byLease) {
      byLease.values().forEach(e -> closeQuietly(e.connection));
      byLease.clear();
    }
  }

  /** How many connections are kept (for tests). */
  int size() {
    synchronized (byLease) {
      return byLease.size();
    }
  }

  private static final class Entry {
    final String leaseId;
    final String username;
    final byte[] passwordDigest;
    final Instant expiresAt;
    final ReentrantLock lock = new ReentrantLock();
    Connection connection;
    volatile boolean retired;

    Entry(DatabaseLogin login) {
      this.leaseId = login.leaseId();
      this.username = login.username();
      this.passwordDigest = digest(login.password());
      this.expiresAt = login.expiresAt();
    }

    boolean matches(DatabaseLogin login) {
      return username.equals(login.username()) && MessageDigest.isEqual(passwordDigest, digest(login.password()));
    }

    private static byte[] digest(String password) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }
  }
}
