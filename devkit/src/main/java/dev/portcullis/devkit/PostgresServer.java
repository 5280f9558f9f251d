package dev.portcullis.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server on this machine, for tests, demos and benchmarks: started from the
 * binaries on the class path in a directory of its own, listening on a free port of 127.0.0.1 only,
 * with password (SCRAM) authentication for every connection so that role passwords matter exactly
 * as they do on a production server.
 *
 * <p>Durability is switched off ({@code fsync}, {@code synchronous_commit}): the data is throwaway.
 * {@link #shared()} gives one server per JVM, stopped and deleted at exit; tests keep out of each
 * other's way with a database each ({@link #createDatabase}).
 */
public final class PostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String SUPERUSER = "postgres";
  private static final String HOST = "127.0.0.1";
  private static PostgresServer shared;

  private final ServerProcesses processes;
  private final Path directory;
  private final Path data;
  private final int port;
  private final String password;
  private final boolean deleteOnClose;
  private boolean closed;

  private PostgresServer(ServerProcesses processes, Path directory, int port, String password, boolean deleteOnClose) {
    this.processes = processes;
    this.directory = directory;
    this.data = directory.resolve("data");
    this.port = port;
    this.password = password;
    this.deleteOnClose = deleteOnClose;
  }

  /**
   * Creates a cluster in {@code directory} (which must not hold one yet) and starts it.
   *
   * @throws IOException when the binaries cannot be unpacked or the server does not start; the
   *                     message carries the tool's output
   */
  public static PostgresServer start(Path directory) throws IOException {
    return start(directory, false);
  }

  /** The server shared by everything in this JVM, started on first use and stopped at exit. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("portcullis-pg-");
        PostgresServer server = start(dir, true);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-server-stop"));
        shared = server;
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the shared PostgreSQL server: " + e.getMessage(), e);
      }
    }
    return shared;
  }

  private static PostgresServer start(Path directory, boolean deleteOnClose) throws IOException {
    Path installation = PostgresBinaries.install();
    var processes = new ServerProcesses(installation);
    Files.createDirectories(directory);
    Path dir = directory.toRealPath();
    if (Files.exists(dir.resolve("data"))) throw new IOException("a cluster already exists in " + dir.resolve("data"));
    Files.createDirectories(dir.resolve("run"));
    String password = randomPassword();
    Path passwordFile = dir.resolve("superuser.pw");
    Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    if (processes.dropsPrivileges()) reachable(dir);
    processes.handOver(dir);
    try {
      processes.run("initdb", List.of("-D", dir.resolve("data").toString(), "-U", SUPERUSER,
          "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), 120);
    } finally {
      Files.deleteIfExists(passwordFile);
    }
    Files.writeString(dir.resolve("data/postgresql.conf"), String.join("\n",
        "", "# Set by the devkit: a throwaway server on loopback.",
        "listen_addresses = '" + HOST + "'",
        "unix_socket_directories = '" + dir.resolve("run") + "'",
        "max_connections = 200",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    int port = startOnFreePort(processes, dir);
    var server = new PostgresServer(processes, dir, port, password, deleteOnClose);
    LOG.info("PostgreSQL started on {}:{} (cluster in {}{})", HOST, port, dir,
        processes.dropsPrivileges() ? ", running as uid " + ServerProcesses.UNPRIVILEGED_ID : "");
    return server;
  }

  /**
   * Starts the server on a port that was free a moment ago. Another process may take it in between
   * (tests of several modules start servers at once), so a failed start is tried again on a new port;
   * a later {@code port} line in the configuration overrides an earlier one.
   */
  private static int startOnFreePort(ServerProcesses processes, Path dir) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Files.writeString(dir.resolve("data/postgresql.conf"), "port = " + port + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      try {
        processes.run("pg_ctl", List.of("-D", dir.resolve("data").toString(), "-l", dir.resolve("postgres.log").toString(),
            "-w", "-t", "60", "start"), 90);
        return port;
      } catch (IOException e) {
        last = e;
        LOG.warn("PostgreSQL did not start on port {}; see {}", port, dir.resolve("postgres.log"));
      }
    }
    throw last;
  }

  /** The unprivileged user must be able to walk to the cluster directory. */
  private static void reachable(Path dir) throws IOException {
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      var perms = Files.getPosixFilePermissions(p);
      if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IOException("the server runs as uid " + ServerProcesses.UNPRIVILEGED_ID + " and cannot reach "
            + dir + " because " + p + " is not searchable by others; choose a directory under a world-searchable path");
      }
    }
  }

  /** The TCP port the server listens on (on 127.0.0.1). */
  public int port() { return port; }

  /** The host the server listens on. */
  public String host() { return HOST; }

  /** The superuser's name. */
  public String superuser() { return SUPERUSER; }

  /** The superuser's password, generated at start. */
  public String superuserPassword() { return password; }

  /** The JDBC URL of the {@code postgres} database (without credentials). */
  public String jdbcUrl() { return jdbcUrl("postgres"); }

  /** The JDBC URL of a database on this server (without credentials). */
  public String jdbcUrl(String database) { return "jdbc:postgresql://" + HOST + ":" + port + "/" + database; }

  /** A new connection to {@code database} as the superuser. */
  public Connection connectAsSuperuser(String database) throws SQLException {
    return connect(database, SUPERUSER, password);
  }

  /** A new connection to {@code database} as {@code user}. */
  public Connection connect(String database, String user, String userPassword) throws SQLException {
    var props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", userPassword);
    props.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /**
   * Creates an empty database owned by the superuser and returns its JDBC URL.
   *
   * @param name lower-case letters, digits and underscores, starting with a letter or underscore
   */
  public String createDatabase(String name) throws SQLException {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must be lower-case letters, digits and underscores: " + name);
    }
    try (Connection c = connectAsSuperuser("postgres"); var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return jdbcUrl(name);
  }

  /** Stops the server (fast shutdown: open sessions are ended); deletes the cluster of the shared server. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      processes.run("pg_ctl", List.of("-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"), 60);
      if (deleteOnClose) PostgresBinaries.deleteTree(directory);
    } catch (IOException e) {
      LOG.warn("stopping PostgreSQL on port {} failed: {}", port, e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
