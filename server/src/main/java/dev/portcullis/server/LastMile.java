package dev.portcullis.server;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.Store;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.VaultConfig;
import dev.portcullis.vault.CredentialBackend;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.Vault;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.backend.StaticSecretBackend;
import dev.portcullis.vault.backend.jwt.JwtAssertionBackend;
import dev.portcullis.vault.backend.jwt.JwtAssertionConfig;
import dev.portcullis.vault.backend.oauth.ClientCredentialsBackend;
import dev.portcullis.vault.backend.oauth.ClientCredentialsConfig;
import dev.portcullis.vault.backend.postgres.PostgresRoleBackend;
import dev.portcullis.vault.backend.postgres.PostgresRoleSettings;
import dev.portcullis.vault.crypto.RootKey;
import dev.portcullis.vault.lease.CredentialBroker;
import dev.portcullis.vault.lease.Lease;
import dev.portcullis.vault.lease.LeaseListener;
import dev.portcullis.vault.lease.LeaseManager;
import dev.portcullis.vault.lease.LeaseTerms;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault and everything that hands out last-mile credentials: the credential backends of the
 * configuration, the lease manager (whose sweep expires leases and retries failed revocations), and
 * the broker the credential stage checks out from. Every lease event becomes an audit record
 * ({@code lease.issued}, {@code lease.renewed}, {@code lease.revoked}, {@code lease.revoke-failed})
 * with the lease id, backend and scope, never the credential; a lease that cannot be recorded is
 * not handed out. Revocations of agents, instances, users, tasks, transactions and tokens reach the
 * leases derived from them.
 */
final class LastMile implements CredentialStage.CheckOut, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LastMile.class);
  private static final Duration SWEEP = Duration.ofSeconds(1);

  private final Vault vault;
  private final LeaseManager leases;
  private final CredentialBroker broker;
  private final Map<String, String> backendByUpstream;
  private final ScheduledExecutorService sweeper;

  private LastMile(Vault vault, LeaseManager leases, CredentialBroker broker, Map<String, String> backendByUpstream,
                   ScheduledExecutorService sweeper) {
    this.vault = vault;
    this.leases = leases;
    this.broker = broker;
    this.backendByUpstream = Map.copyOf(backendByUpstream);
    this.sweeper = sweeper;
  }

  /**
   * Opens the vault with the root key given to this process (sealed without one), builds the
   * backends and starts the lease sweep.
   *
   * @throws IllegalStateException when the root key given does not open this vault (a wrong key is
   *                               refused at start, with the key ids, rather than served sealed)
   */
  static LastMile start(GatewayConfig config, Store store, AuditLog audit, InstantSource clock, Map<String, String> environment) {
    Optional<RootKey> rootKey;
    Vault vault;
    try {
      rootKey = RootKey.locate(config.vault().rootKeyFile(), environment);
      vault = Vault.open(store, clock, rootKey);
    } catch (VaultException | IllegalArgumentException e) {
      throw new IllegalStateException("vault: " + e.getMessage(), e);
    }
    if (vault.isSealed()) LOG.warn("{}; upstreams that need a credential are refused until it is unsealed", Vault.NO_ROOT_KEY);
    var backends = new LinkedHashMap<String, CredentialBackend>();
    var terms = new LinkedHashMap<String, LeaseTerms>();
    config.vault().backends().forEach((name, b) -> {
      backends.put(name, backend(name, b, vault, clock));
      terms.put(name, new LeaseTerms(b.ttl(), b.maxTtl()));
    });
    var leases = new LeaseManager(vault, store.leases(), backends, clock);
    leases.addListener(new Audited(audit, clock));
    var broker = new CredentialBroker(leases, terms, clock);
    var byUpstream = new LinkedHashMap<String, String>();
    config.upstreams().forEach(u -> {
      if (u.credential() != null) byUpstream.put(u.name(), u.credential());
    });
    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
        .name("lease-sweep").factory());
    var lastMile = new LastMile(vault, leases, broker, byUpstream, sweeper);
    lastMile.startSweeping();
    return lastMile;
  }

  /**
   * Recovers what an earlier run left (expired and half-issued leases are revoked at once), then
   * sweeps every second. A sealed vault cannot open lease data: recovery waits for the unseal.
   */
  private void startSweeping() {
    if (!vault.isSealed()) {
      leases.start(sweeper, SWEEP);
      return;
    }
    sweeper.schedule(this::startWhenUnsealed, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Looks again a second later until the vault is unsealed and recovery has run. */
  private void startWhenUnsealed() {
    if (!vault.isSealed()) {
      try {
        leases.start(sweeper, SWEEP);
        return;
      } catch (RuntimeException e) {
        LOG.error("lease recovery after unseal failed; retrying", e);
      }
    }
    sweeper.schedule(this::startWhenUnsealed, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static CredentialBackend backend(String name, VaultConfig.Backend b, Vault vault, InstantSource clock) {
    return switch (b.kind()) {
      case "postgres" -> new PostgresRoleBackend(name, new PostgresRoleSettings(b.jdbcUrl(), b.adminUser(),
          b.adminPasswordPath(), b.memberOf(), b.grants(), b.connectionLimit() == null ? 4 : b.connectionLimit()), vault);
      case "oauth-client-credentials" -> {
        var c = ClientCredentialsConfig.of(name, URI.create(b.tokenEndpoint()), b.clientId(), b.clientSecretPath());
        if (b.scope() != null) c = c.withScope(b.scope());
        if (b.audience() != null) c = c.withAudience(b.audience());
        if (b.revocationEndpoint() != null) c = c.withRevocationEndpoint(URI.create(b.revocationEndpoint()));
        yield new ClientCredentialsBackend(c, vault);
      }
      case "jwt-assertion" -> new JwtAssertionBackend(new JwtAssertionConfig(name, b.keyPath(), b.issuer(), b.audience(),
          JwtAssertionConfig.Subject.parse(b.subject()), b.ttl(), b.header() == null ? "Authorization" : b.header(), "Bearer"),
          vault, clock);
      case "static" -> new StaticSecretBackend(name, vault, b.secretPath(), b.header(),
          StaticSecretBackend.Format.valueOf((b.format() == null ? "bearer" : b.format()).toUpperCase(Locale.ROOT)));
      default -> throw new IllegalArgumentException("unknown credential backend kind '" + b.kind() + "'");
    };
  }

  @Override
  public LastMileCredential checkOut(String backend, LeaseScope scope, Instant grantEnds) {
    return broker.checkOut(backend, scope, grantEnds);
  }

  /** The credential backend of each upstream that has one. */
  Map<String, String> backendByUpstream() { return backendByUpstream; }

  Vault vault() { return vault; }

  LeaseManager leases() { return leases; }

  /**
   * Revokes the leases a revocation reaches. A revoked token of an agent acting on its own ends the
   * task its token was the grant of.
   */
  void revoked(RevocationRecord revocation) {
    int revoked = revocation.kind() == RevocationRecord.Kind.TOKEN
        ? broker.checkIn(CredentialStage.tokenTask(revocation.target()))
        : broker.onRevocation(revocation);
    if (revoked > 0) LOG.info("revocation of {} '{}' revoked {} lease(s)", revocation.kind(), revocation.target(), revoked);
  }

  @Override
  public void close() {
    leases.stop();
    sweeper.shutdownNow();
  }

  /** Writes every lease event to the audit log; an issue that cannot be recorded is refused. */
  private record Audited(AuditLog audit, InstantSource clock) implements LeaseListener {
    @Override
    public void issued(Lease lease) {
      try {
        audit.append(record("lease.issued", lease, null));
      } catch (AuditLog.AuditException e) {
        throw new IllegalStateException("the lease could not be audited", e);
      }
    }

    @Override
    public void renewed(Lease lease) { quietly("lease.renewed", lease, null); }

    @Override
    public void revoked(Lease lease, String reason) { quietly("lease.revoked", lease, reason); }

    @Override
    public void revokeFailed(Lease lease, String reason) { quietly("lease.revoke-failed", lease, reason); }

    private void quietly(String type, Lease lease, String reason) {
      try {
        audit.append(record(type, lease, reason));
      } catch (AuditLog.AuditException e) {
        LOG.error("could not audit {} of lease {}", type, lease.id(), e);
      }
    }

    private AuditRecord record(String type, Lease lease, String reason) {
      var fields = new LinkedHashMap<String, Object>(VaultAdmin.view(lease));
      if (reason != null) fields.put("reason", reason);
      return new AuditRecord(type, clock.instant(), null, fields);
    }
  }
}
