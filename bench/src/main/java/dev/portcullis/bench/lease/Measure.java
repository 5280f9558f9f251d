package dev.portcullis.bench.lease;

/**
 * What the run measures. Each measure names the direct-SQL baseline it is compared with, or none
 * for the baselines themselves.
 */
enum Measure {
  PG_ISSUE("pg lease issue", "broker check-out for a new task: lease written pending, CREATE ROLE ... VALID UNTIL"
      + " + grants by the admin, lease sealed and written active", "SQL_CREATE_ROLE"),
  PG_REVOKE("pg lease revoke", "lease manager revoke, no session open: NOLOGIN, terminate (none), REASSIGN/DROP OWNED,"
      + " DROP ROLE, lease deleted", "SQL_DROP_ROLE"),
  PG_REVOKE_SESSION("pg lease revoke, live session", "as pg lease revoke, with one idle session of the role open:"
      + " it is terminated and revoke waits until it is gone", "SQL_DROP_ROLE"),
  PG_CHECKOUT_HELD("check-out, task already leased", "broker check-out of a task that holds a live pg lease"
      + " (the per-call cost once the task has its credential)", "SQL_SELECT_1"),
  STATIC_ISSUE("static lease issue", "broker check-out on the static backend for a new task: the lease manager's own"
      + " cost (secret read, encryption, two SQLite writes)", "SQL_CREATE_ROLE"),
  STATIC_REVOKE("static lease revoke", "lease manager revoke on the static backend (decryption, SQLite delete)",
      "SQL_DROP_ROLE"),
  SQL_CREATE_ROLE("direct CREATE ROLE + GRANTs", "baseline: admin connects and runs the same CREATE ROLE ... VALID UNTIL"
      + " + grants transaction (with a SCRAM verifier) over JDBC", null),
  SQL_DROP_ROLE("direct REVOKE + DROP ROLE", "baseline: admin connects, revokes the table grant and drops a role that has no"
      + " sessions and owns nothing, in one transaction", null),
  SQL_CREATE_ROLE_OPEN("direct CREATE ROLE, open conn.", "baseline: the same transaction on an admin connection"
      + " that is already open", null),
  SQL_DROP_ROLE_OPEN("direct REVOKE + DROP, open conn.", "baseline: the same revoke and DROP ROLE on an admin connection"
      + " that is already open", null),
  SQL_CONNECT("admin connect + close", "baseline: a new JDBC connection with SCRAM authentication, then closed", null),
  SQL_SELECT_1("SELECT 1", "baseline: one round trip on an open connection", null);

  private final String label;
  private final String description;
  private final String baseline;

  Measure(String label, String description, String baseline) {
    this.label = label;
    this.description = description;
    this.baseline = baseline;
  }

  /** The short name shown in the table. */
  String label() { return label; }

  /** What exactly is inside the timed region. */
  String description() { return description; }

  /** The baseline this measure is compared with, or {@code null}. */
  Measure baseline() { return baseline == null ? null : Measure.valueOf(baseline); }

  /** The name used in the JSON report. */
  String key() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
}
