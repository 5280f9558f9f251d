package dev.portcullis.bench.lease;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.lease.CredentialBroker;
import dev.portcullis.vault.lease.LeaseManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One round takes every measure once (the pg issue twice), in a fixed order, so that the leases
 * and the baselines see the same state of the machine. After each timed step the run checks, out
 * of the timed region, that the step did what it claims: a revoked role is gone, a terminated
 * session is dead, a held check-out returned the task's lease. A run whose steps do not hold fails
 * rather than report figures.
 */
final class LeaseRounds {
  static final String PG_BACKEND = "orders-db";
  static final String STATIC_BACKEND = "static-api";
  private static final String USER = "https://idp.example#bench-user";
  private static final List<String> AGENTS = List.of("bench-agent");
  private static final Duration GRANT = Duration.ofHours(1);

  private final CredentialBroker broker;
  private final LeaseManager leases;
  private final BenchDatabase database;
  private final Connection adminOpen;
  private final Timings timings;

  LeaseRounds(CredentialBroker broker, LeaseManager leases, BenchDatabase database, Connection adminOpen,
              Timings timings) {
    this.broker = broker;
    this.leases = leases;
    this.database = database;
    this.adminOpen = adminOpen;
    this.timings = timings;
  }

  /** Runs round {@code round}. */
  void run(int round) throws SQLException {
    Instant grantEnds = Instant.now().plus(GRANT);

    long t = System.nanoTime();
    database.admin().close();
    timings.since(Measure.SQL_CONNECT, t);

    t = System.nanoTime();
    BenchDatabase.selectOne(adminOpen);
    timings.since(Measure.SQL_SELECT_1, t);

    String baseRole = database.nextRoleName();
    t = System.nanoTime();
    try (Connection c = database.admin()) {
      BenchDatabase.createRole(c, baseRole, grantEnds);
    }
    timings.since(Measure.SQL_CREATE_ROLE, t);

    String openRole = database.nextRoleName();
    t = System.nanoTime();
    BenchDatabase.createRole(adminOpen, openRole, grantEnds);
    timings.since(Measure.SQL_CREATE_ROLE_OPEN, t);

    LeaseScope pgScope = scope("pg-" + round);
    t = System.nanoTime();
    var login = (LastMileCredential.DatabaseLogin) broker.checkOut(PG_BACKEND, pgScope, grantEnds);
    timings.since(Measure.PG_ISSUE, t);
    require(BenchDatabase.roleExists(adminOpen, login.username()), "the issued lease's role does not exist");

    t = System.nanoTime();
    LastMileCredential again = broker.checkOut(PG_BACKEND, pgScope, grantEnds);
    timings.since(Measure.PG_CHECKOUT_HELD, t);
    require(again.leaseId().equals(login.leaseId()), "a held check-out minted a new lease");

    t = System.nanoTime();
    LastMileCredential headers = broker.checkOut(STATIC_BACKEND, scope("static-" + round), grantEnds);
    timings.since(Measure.STATIC_ISSUE, t);

    t = System.nanoTime();
    boolean staticGone = leases.revoke(headers.leaseId(), "bench");
    timings.since(Measure.STATIC_REVOKE, t);
    require(staticGone && leases.find(headers.leaseId()).isEmpty(), "the static lease was not revoked");

    t = System.nanoTime();
    boolean pgGone = leases.revoke(login.leaseId(), "bench");
    timings.since(Measure.PG_REVOKE, t);
    require(pgGone && !BenchDatabase.roleExists(adminOpen, login.username()), "the pg lease's role survived its revoke");

    t = System.nanoTime();
    var held = (LastMileCredential.DatabaseLogin) broker.checkOut(PG_BACKEND, scope("pg-session-" + round), grantEnds);
    timings.since(Measure.PG_ISSUE, t);
    try (Connection session = database.login(held.username(), held.password())) {
      BenchDatabase.selectOne(session);
      t = System.nanoTime();
      boolean sessionGone = leases.revoke(held.leaseId(), "bench");
      timings.since(Measure.PG_REVOKE_SESSION, t);
      require(sessionGone && !BenchDatabase.roleExists(adminOpen, held.username()),
          "the pg lease's role survived its revoke with a session open");
      require(!session.isValid(5), "the leased role's session outlived the revoke");
    }

    t = System.nanoTime();
    try (Connection c = database.admin()) {
      BenchDatabase.dropRole(c, baseRole);
    }
    timings.since(Measure.SQL_DROP_ROLE, t);

    t = System.nanoTime();
    BenchDatabase.dropRole(adminOpen, openRole);
    timings.since(Measure.SQL_DROP_ROLE_OPEN, t);
  }

  private static LeaseScope scope(String task) { return new LeaseScope(USER, AGENTS, "bench-task-" + task, null); }

  private static void require(boolean holds, String what) {
    if (!holds) throw new IllegalStateException("lease bench: " + what);
  }
}
