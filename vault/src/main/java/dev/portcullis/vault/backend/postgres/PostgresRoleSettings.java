package dev.portcullis.vault.backend.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link PostgresRoleBackend} reaches its database and what the roles it mints may do.
 *
 * @param jdbcUrl            the database, {@code jdbc:postgresql://host:port/db}, without credentials
 * @param adminUser          the role that creates and drops the dynamic roles: it needs {@code CREATEROLE},
 *                           the right to grant what {@code memberOf} and {@code grants} name, and
 *                           membership of {@code pg_signal_backend} to end the sessions of revoked roles
 * @param adminPasswordPath  the vault path of the admin role's password, read at every mint and revoke
 * @param memberOf           existing group roles each new role is made a member of
 * @param grants             privilege grants without their {@code TO} clause, such as
 *                           {@code SELECT ON TABLE orders} or {@code USAGE ON SCHEMA app}
 * @param connectionLimit    the most sessions one minted role may hold at once
 * @param terminationWait    how long revoke waits for the role's sessions to end before it fails
 */
public record PostgresRoleSettings(String jdbcUrl, String adminUser, String adminPasswordPath, List<String> memberOf,
                                   List<String> grants, int connectionLimit, Duration terminationWait) {

  /** How long revoke waits for sessions to end unless told otherwise. */
  public static final Duration DEFAULT_TERMINATION_WAIT = Duration.ofSeconds(1);

  /**
   * @throws IllegalArgumentException listing every problem at once
   */
  public PostgresRoleSettings {
    memberOf = List.copyOf(Objects.requireNonNull(memberOf, "memberOf"));
    grants = List.copyOf(Objects.requireNonNull(grants, "grants"));
    Objects.requireNonNull(terminationWait, "terminationWait");
    var problems = new ArrayList<String>();
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      problems.add("jdbc-url must start with jdbc:postgresql:");
    } else if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password")) {
      problems.add("jdbc-url must not carry a password; give admin-password-secret instead");
    }
    if (adminUser == null || adminUser.isBlank()) problems.add("admin-user is required");
    else if (!Identifiers.valid(adminUser)) problems.add("admin-user is not a valid role name: " + adminUser);
    if (adminPasswordPath == null || adminPasswordPath.isBlank()) problems.add("admin-password-secret is required");
    for (String group : memberOf) {
      if (!Identifiers.valid(group)) problems.add("member-of names an invalid role: " + group);
    }
    for (String grant : grants) {
      String problem = GrantClause.problem(grant);
      if (problem != null) problems.add("grant '" + grant + "': " + problem);
    }
    if (connectionLimit < 1) problems.add("connection-limit must be at least 1, was " + connectionLimit);
    if (terminationWait.isNegative() || terminationWait.isZero()) problems.add("termination wait must be positive");
    if (!problems.isEmpty()) throw new IllegalArgumentException("postgres backend settings: " + String.join("; ", problems));
  }

  /** Settings with the default termination wait. */
  public PostgresRoleSettings(String jdbcUrl, String adminUser, String adminPasswordPath, List<String> memberOf,
                              List<String> grants, int connectionLimit) {
    this(jdbcUrl, adminUser, adminPasswordPath, memberOf, grants, connectionLimit, DEFAULT_TERMINATION_WAIT);
  }
}
