package dev.portcullis.bench.lease;

import dev.portcullis.devkit.PostgresServer;
import dev.portcullis.store.SqliteStore;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.Vault;
import dev.portcullis.vault.backend.StaticSecretBackend;
import dev.portcullis.vault.backend.postgres.PostgresRoleBackend;
import dev.portcullis.vault.backend.postgres.PostgresRoleSettings;
import dev.portcullis.vault.crypto.RootKey;
import dev.portcullis.vault.lease.CredentialBroker;
import dev.portcullis.vault.lease.LeaseManager;
import dev.portcullis.vault.lease.LeaseTerms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Measures what a credential lease costs to issue and to revoke, against what the database work
 * alone costs, in one run: a real PostgreSQL, a SQLite store and a vault with a fresh root key, the
 * lease manager and broker as the gateway wires them (without the audit listener), and the same
 * role DDL issued directly over JDBC as baselines. Measures are interleaved round by round so
 * that they share the machine's noise; the ratios are therefore within one run and comparable,
 * while the absolute figures belong to the machine.
 *
 * <p>Usage: {@code LeaseLatencyRun [--iterations N] [--warmup N] [--out report.json]}
 */
public final class LeaseLatencyRun {
  private static final String ADMIN_SECRET = "backends/orders-db/admin";
  private static final String STATIC_SECRET = "backends/static-api/token";
  private static final LeaseTerms TERMS = new LeaseTerms(Duration.ofMinutes(15), Duration.ofHours(1));

  private LeaseLatencyRun() {}

  /** Runs the benchmark; exits 2 on a bad command line and 1 when the run fails. */
  public static void main(String[] args) throws Exception {
    // The backend logs every mint and revoke at info; logging is not what is measured.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    LeaseRunOptions options;
    try {
      options = LeaseRunOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    // Two directories: PostgreSQL may run as an unprivileged user and needs its own, directly under
    // the (world-searchable) temporary directory; the vault's SQLite file stays private.
    Path work = Files.createTempDirectory("portcullis-lease-bench-");
    Path cluster = Files.createTempDirectory("portcullis-lease-pg-");
    int status = 0;
    try {
      LeaseLatencyReport report = run(options, work, cluster);
      System.out.print(report.table());
      if (options.out() != null) {
        report.write(options.out());
        System.out.println("\nJSON report written to " + options.out());
      }
    } catch (Exception e) {
      System.err.println("lease bench failed: " + e.getMessage());
      status = 1;
    } finally {
      deleteTree(work);
      deleteTree(cluster);
    }
    if (status != 0) System.exit(status);
  }

  private static LeaseLatencyReport run(LeaseRunOptions options, Path work, Path cluster) throws Exception {
    Clock clock = Clock.systemUTC();
    System.err.println("starting PostgreSQL...");
    try (PostgresServer server = PostgresServer.start(cluster);
         SqliteStore store = SqliteStore.open(work.resolve("portcullis.db"))) {
      BenchDatabase database = BenchDatabase.create(server);
      Vault vault = Vault.open(store, clock, Optional.of(RootKey.generate()));
      vault.put(ADMIN_SECRET, SecretValue.of(database.adminPassword()));
      vault.put(STATIC_SECRET, SecretValue.of(randomToken()));
      var settings = new PostgresRoleSettings(database.jdbcUrl(), BenchDatabase.ADMIN, ADMIN_SECRET,
          List.of(BenchDatabase.GROUP), BenchDatabase.GRANTS, BenchDatabase.CONNECTION_LIMIT);
      var pg = new PostgresRoleBackend(LeaseRounds.PG_BACKEND, settings, vault);
      var headers = new StaticSecretBackend(LeaseRounds.STATIC_BACKEND, vault, STATIC_SECRET, null,
          StaticSecretBackend.Format.BEARER);
      var leases = new LeaseManager(vault, store.leases(), Map.of(pg.name(), pg, headers.name(), headers), clock);
      var broker = new CredentialBroker(leases, Map.of(pg.name(), TERMS, headers.name(), TERMS), clock);
      var timings = new Timings();
      try (Connection adminOpen = database.admin()) {
        var rounds = new LeaseRounds(broker, leases, database, adminOpen, timings);
        int total = options.warmup() + options.iterations();
        for (int round = 0; round < total; round++) {
          timings.counting(round >= options.warmup());
          rounds.run(round);
          if ((round + 1) % Math.max(1, total / 10) == 0) {
            System.err.printf("round %d/%d%n", round + 1, total);
          }
        }
      }
      if (!leases.list().isEmpty()) {
        throw new IllegalStateException("lease bench: " + leases.list().size() + " lease(s) left after the run");
      }
      return new LeaseLatencyReport(machine(database.serverVersion()), options.iterations(), options.warmup(),
          timings.summaries());
    }
  }

  private static Map<String, String> machine(String postgresVersion) {
    var machine = new LinkedHashMap<String, String>();
    cpuModel().ifPresent(model -> machine.put("cpu", model));
    machine.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("postgresql", postgresVersion + " on loopback (throwaway server: fsync off, synchronous_commit off)");
    machine.put("lease store", "SQLite, WAL, synchronous=FULL (each lease write is made durable)");
    return machine;
  }

  private static Optional<String> cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String randomToken() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove the work directory " + root + ": " + e.getMessage());
    }
  }
}
