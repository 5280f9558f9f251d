package dev.portcullis.store;

import dev.portcullis.core.state.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The connections to one SQLite file: a single write connection behind a lock, and a small fixed
 * set of read-only connections that run concurrently with it.
 */
final class Database {
  /*
   * SQLite allows one writer at a time; serialising writes in the process with a ReentrantLock
   * (which virtual threads park on without pinning) means the busy timeout is only ever needed
   * against other processes. In WAL mode readers never block the writer nor each other, and a read
   * that starts after a write committed sees it, so the read connections need no coordination
   * beyond each being used by one thread at a time, which the queue guarantees.
   *
   * Every statement here runs in autocommit mode and is therefore atomic on its own; the only
   * explicit transaction is the migration at open.
   */

  /** How many read connections are kept. */
  static final int READERS = 4;

  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;
  private final BlockingQueue<Connection> readers;
  private volatile boolean closed;

  /** Work done with one connection. */
  @FunctionalInterface
  interface Work<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
  }

  private Database(Connection writer, List<Connection> readers) {
    this.writer = writer;
    this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
  }

  /** Opens the file, migrates its schema, and opens the read connections. */
  static Database open(Path file) {
    List<Connection> opened = new ArrayList<>();
    try {
      Connection writer = connect(file, false);
      opened.add(writer);
      writer.setAutoCommit(false);
      Migrations.migrate(writer);
      writer.setAutoCommit(true);
      List<Connection> readers = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        Connection reader = connect(file, true);
        opened.add(reader);
        readers.add(reader);
      }
      return new Database(writer, readers);
    } catch (SQLException e) {
      opened.reversed().forEach(Database::closeQuietly);
      throw new StoreException("could not open the SQLite database " + file, e);
    } catch (RuntimeException e) {
      opened.reversed().forEach(Database::closeQuietly);
      throw e;
    }
  }

  private static Connection connect(Path file, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection connection = config.createConnection("jdbc:sqlite:" + file);
    try (Statement statement = connection.createStatement()) {
      String mode = pragma(statement, "journal_mode");
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new SQLException("journal_mode is " + mode + ", not wal");
      }
      String synchronous = pragma(statement, "synchronous");
      if (!"2".equals(synchronous)) {
        throw new SQLException("synchronous is " + synchronous + ", not FULL (2)");
      }
      if (readOnly) {
        statement.execute("PRAGMA query_only = true");
      }
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static String pragma(Statement statement, String name) throws SQLException {
    try (ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /** Runs a read on one of the read connections; {@code operation} names it in errors. */
  <T> T read(String operation, Work<T> work) {
    requireOpen(operation);
    Connection connection;
    try {
      connection = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to " + operation, e);
    }
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException("could not " + operation, e);
    } finally {
      readers.add(connection);
    }
  }

  /** Runs a write on the write connection, alone; {@code operation} names it in errors. */
  <T> T write(String operation, Work<T> work) {
    writeLock.lock();
    try {
      requireOpen(operation);
      return work.run(writer);
    } catch (SQLException e) {
      throw new StoreException("could not " + operation, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Replaces one row's bytes only if they are still {@code expected} (a compare-and-set, so a
   * re-wrap never undoes a write that happened meanwhile).
   *
   * @param update an {@code UPDATE ... SET <column> = ? WHERE <key> = ? AND <column> = ?} statement
   * @return whether the row was replaced
   */
  boolean replaceBytes(String operation, String update, String key, byte[] expected, byte[] replacement) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return write(operation, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(update)) {
        statement.setBytes(1, replacement);
        statement.setString(2, key);
        statement.setBytes(3, expected);
        return statement.executeUpdate() > 0;
      }
    });
  }

  private void requireOpen(String operation) {
    if (closed) {
      throw new StoreException("could not " + operation + ": the store is closed", null);
    }
  }

  /**
   * Closes every connection, waiting for reads in progress. The writer closes last so that it
   * checkpoints the write-ahead log into the database file.
   */
  void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      writeLock.unlock();
    }
    List<Connection> taken = takeAllReaders();
    taken.forEach(Database::closeQuietly);
    // Put the closed connections back: a read that passed the open check just before close fails
    // on a closed connection instead of waiting forever.
    readers.addAll(taken);
    writeLock.lock();
    try {
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
  }

  private List<Connection> takeAllReaders() {
    List<Connection> taken = new ArrayList<>();
    boolean interrupted = false;
    while (taken.size() < READERS) {
      try {
        taken.add(readers.take());
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return taken;
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("could not close a SQLite connection", e);
    }
  }
}
