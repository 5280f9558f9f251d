package dev.portcullis.vault.lease;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.core.state.LeaseRecord.State;
import dev.portcullis.core.state.LeaseRepository;
import dev.portcullis.vault.CredentialBackend;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.Vault;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.VaultException.Reason;
import dev.portcullis.vault.crypto.AssociatedData;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of every credential lease: issues, renews, revokes and expires them, and retries
 * revocations that fail. Credential backends only mint and revoke; everything about a lease's
 * life is here, and it is all in the store, so a restarted gateway still revokes what a crashed
 * one issued.
 *
 * <p>A lease is stored as {@link State#PENDING} before its backend is asked to mint, so a crash
 * between the two leaves a record to revoke (backends derive their object names from the lease id
 * for this reason). Once minted it is {@link State#ACTIVE}, with the backend's revocation data and
 * the credential encrypted and bound to the lease id. A revocation that fails moves the lease to
 * {@link State#REVOKE_FAILED}, drops the credential, and is retried with exponential backoff.
 */
public final class LeaseManager {
  /*
   * Each lease has a lock, held while it is minted, renewed or revoked, so that a revocation asked
   * for while the backend is still minting waits for the mint and then revokes what it made. The
   * backend is called with the lock held but never with another lease's lock.
   *
   * The sweep runs on a fixed period rather than one timer per lease: expiry is then at most one
   * period late, and backends that can (PostgreSQL VALID UNTIL, a token's exp) enforce the
   * lease's end themselves as a backstop.
   */
  private static final Logger LOG = LoggerFactory.getLogger(LeaseManager.class);

  private final Vault vault;
  private final LeaseRepository leases;
  private final Map<String, CredentialBackend> backends;
  private final InstantSource clock;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Map<String, LastMileCredential> live = new ConcurrentHashMap<>();
  private final List<LeaseListener> listeners = new CopyOnWriteArrayList<>();
  private volatile ScheduledFuture<?> sweeping;

  /**
   * A lease manager over the vault (which encrypts lease data) and the store's leases.
   *
   * @param backends the credential backends by name
   */
  public LeaseManager(Vault vault, LeaseRepository leases, Map<String, CredentialBackend> backends,
                      InstantSource clock) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.leases = Objects.requireNonNull(leases, "leases");
    this.backends = Map.copyOf(backends);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backends.forEach((name, backend) -> {
      if (!name.equals(backend.name())) {
        throw new IllegalArgumentException("backend registered as '" + name + "' is named '" + backend.name() + "'");
      }
    });
  }

  /** Adds a listener; every later lease event reaches it. */
  public void addListener(LeaseListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Picks up the leases a previous run left: revokes the expired ones and the pending ones (their
   * mint may or may not have happened) at once, and leaves the rest for the sweep. Call once at
   * start, before issuing. With several gateways on one store, only one of them may recover: the
   * pending leases of the others are being minted.
   */
  public void recover() {
    Instant now = clock.instant();
    for (LeaseRecord record : leases.list()) {
      if (record.state() == State.PENDING) {
        revokeRecord(record.id(), "left pending by an earlier run");
      } else if (record.state() == State.ACTIVE && !record.expiresAt().isAfter(now)) {
        revokeRecord(record.id(), "expired");
      }
    }
    sweep();
  }

  /** Recovers, then sweeps every {@code period} on {@code scheduler} until {@link #stop}. */
  public void start(ScheduledExecutorService scheduler, Duration period) {
    recover();
    long millis = period.toMillis();
    sweeping = scheduler.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Stops the periodic sweep; leases stay in the store for the next start. */
  public void stop() {
    ScheduledFuture<?> current = sweeping;
    if (current != null) {
      current.cancel(false);
    }
  }

  /**
   * Issues a lease on {@code backend} for {@code scope}, lasting {@code ttl} and renewable up to
   * {@code maxTtl} from now, and mints its credential.
   *
   * @throws VaultException {@link Reason#NOT_FOUND} for an unknown backend, {@link Reason#SEALED},
   *                        {@link Reason#BACKEND_FAILED} when the backend cannot mint,
   *                        {@link Reason#REFUSED} when a listener cannot record the lease
   */
  public Lease issue(String backend, LeaseScope scope, Duration ttl, Duration maxTtl) {
    CredentialBackend target = backend(backend);
    Objects.requireNonNull(scope, "scope");
    if (ttl.isNegative() || ttl.isZero() || maxTtl.compareTo(ttl) < 0) {
      throw new IllegalArgumentException("a lease needs a positive ttl no longer than its max ttl (ttl " + ttl
          + ", max ttl " + maxTtl + ")");
    }
    vault.requireUnsealed();
    Instant now = clock.instant();
    String id = LeaseIds.next(backend);
    LeaseRecord pending = new LeaseRecord(id, backend, scope.user(), scope.agents(), scope.task(), scope.txn(), now,
        now.plus(ttl), now.plus(maxTtl), State.PENDING, null, 0, null, null);
    ReentrantLock lock = lock(id);
    lock.lock();
    LeaseRecord active;
    try {
      leases.put(pending);
      Minted minted;
      try {
        minted = target.mint(new MintRequest(id, scope, pending.expiresAt()));
      } catch (RuntimeException e) {
        revokeLocked(id, "mint failed");
        throw e instanceof VaultException v ? v
            : new VaultException(Reason.BACKEND_FAILED, "backend " + backend + " could not mint: " + describe(e));
      }
      try {
        byte[] sealed = vault.encrypt(AssociatedData.lease(id),
            new LeaseData(minted.revocationData(), minted.credential()).encode());
        active = pending.with(State.ACTIVE, sealed, 0, null, null);
        leases.put(active);
      } catch (RuntimeException e) {
        revokeMinted(target, id, minted.revocationData());
        leases.delete(id);
        throw e;
      }
      live.put(id, minted.credential());
    } finally {
      lock.unlock();
    }
    Lease lease = Lease.of(active);
    for (LeaseListener listener : listeners) {
      try {
        listener.issued(lease);
      } catch (RuntimeException e) {
        revokeRecord(id, "could not be recorded");
        throw new VaultException(Reason.REFUSED, "lease " + id + " could not be recorded, so it was revoked");
      }
    }
    return lease;
  }

  /**
   * The credential of an active lease; after a restart it is decrypted from the store.
   *
   * @throws VaultException {@link Reason#NOT_FOUND} when the lease is not active, {@link Reason#SEALED}
   */
  public LastMileCredential credential(String leaseId) {
    LastMileCredential cached = live.get(leaseId);
    if (cached != null) {
      return cached;
    }
    LeaseRecord record = leases.find(leaseId).filter(r -> r.state() == State.ACTIVE)
        .orElseThrow(() -> new VaultException(Reason.NOT_FOUND, "no active lease " + leaseId));
    LastMileCredential credential = LeaseData.decode(leaseId,
        vault.decrypt(AssociatedData.lease(leaseId), record.sealed())).credential();
    if (credential == null) {
      throw new VaultException(Reason.NOT_FOUND, "lease " + leaseId + " holds no credential");
    }
    return credential;
  }

  /**
   * Moves an active lease's expiry to {@code increment} from now.
   *
   * @throws VaultException {@link Reason#REFUSED} past the lease's max TTL or once it has expired,
   *                        {@link Reason#NOT_FOUND} when it is not active
   */
  public Lease renew(String leaseId, Duration increment) {
    if (increment.isNegative() || increment.isZero()) {
      throw new IllegalArgumentException("a renewal needs a positive increment, was " + increment);
    }
    ReentrantLock lock = lock(leaseId);
    lock.lock();
    Lease renewed;
    try {
      LeaseRecord record = leases.find(leaseId).filter(r -> r.state() == State.ACTIVE)
          .orElseThrow(() -> new VaultException(Reason.NOT_FOUND, "no active lease " + leaseId));
      Instant now = clock.instant();
      if (!record.expiresAt().isAfter(now)) {
        throw new VaultException(Reason.REFUSED, "lease " + leaseId + " expired at " + record.expiresAt());
      }
      Instant wanted = now.plus(increment);
      if (wanted.isAfter(record.maxExpiresAt())) {
        throw new VaultException(Reason.REFUSED, "lease " + leaseId + " cannot be renewed to " + wanted
            + ": its max TTL ends at " + record.maxExpiresAt());
      }
      LeaseRecord updated = record.withExpiresAt(wanted);
      leases.put(updated);
      renewed = Lease.of(updated);
    } finally {
      lock.unlock();
    }
    notify(listener -> listener.renewed(renewed));
    return renewed;
  }

  /**
   * Revokes a lease; returns whether its backend confirmed (otherwise it is on the retry list).
   *
   * @throws VaultException {@link Reason#NOT_FOUND} when there is no such lease
   */
  public boolean revoke(String leaseId, String reason) {
    if (leases.find(leaseId).isEmpty()) {
      throw new VaultException(Reason.NOT_FOUND, "no lease " + leaseId);
    }
    return revokeRecord(leaseId, reason);
  }

  /** Revokes every lease whose id starts with {@code prefix} (a backend: {@code <backend>/}); returns how many. */
  public int revokeByPrefix(String prefix, String reason) {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("a lease id prefix is required; revoking every lease takes an explicit prefix");
    }
    return revokeAll(lease -> lease.id().startsWith(prefix), reason);
  }

  /** Revokes every lease of this user, agent (anywhere in the chain), task or transaction; returns how many. */
  public int revokeByScope(ScopeKind kind, String value, String reason) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    return revokeAll(lease -> kind.matches(lease.scope(), value), reason);
  }

  /** Every lease not yet revoked, oldest first. */
  public List<Lease> list() { return list(lease -> true); }

  /** The leases not yet revoked that match {@code filter}, oldest first. */
  public List<Lease> list(Predicate<? super Lease> filter) {
    return leases.list().stream().map(Lease::of).filter(filter).toList();
  }

  /** The lease with this id, if it is not revoked. */
  public Optional<Lease> find(String leaseId) { return leases.find(leaseId).map(Lease::of); }

  /** The leases whose revocation failed, with their last error and next attempt. */
  public List<Lease> failedRevocations() { return list(lease -> lease.state() == State.REVOKE_FAILED); }

  /** Revokes the leases that have expired and retries the failed revocations that are due. */
  public void sweep() {
    Instant now = clock.instant();
    for (LeaseRecord record : leases.list()) {
      boolean expired = record.state() == State.ACTIVE && !record.expiresAt().isAfter(now);
      boolean retryDue = record.state() == State.REVOKE_FAILED
          && (record.nextAttemptAt() == null || !record.nextAttemptAt().isAfter(now));
      if (expired || retryDue) {
        ReentrantLock lock = lock(record.id());
        if (lock.tryLock()) { // a lease being minted or revoked right now is left to that thread
          try {
            revokeLocked(record.id(), expired ? "expired" : "retry");
          } finally {
            lock.unlock();
          }
        }
      }
    }
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("lease sweep failed: {}", describe(e));
    }
  }

  private int revokeAll(Predicate<Lease> which, String reason) {
    List<Lease> matching = list(which);
    matching.forEach(lease -> revokeRecord(lease.id(), reason));
    return matching.size();
  }

  private boolean revokeRecord(String leaseId, String reason) {
    ReentrantLock lock = lock(leaseId);
    lock.lock();
    try {
      return revokeLocked(leaseId, reason);
    } finally {
      lock.unlock();
    }
  }

  /** Revokes with the lease's lock held; true when it is gone (or was already). */
  private boolean revokeLocked(String leaseId, String reason) {
    Optional<LeaseRecord> found = leases.find(leaseId);
    if (found.isEmpty()) {
      locks.remove(leaseId);
      live.remove(leaseId);
      return true;
    }
    LeaseRecord record = found.get();
    live.remove(leaseId);
    LeaseData data = null;
    try {
      data = record.sealed() == null ? new LeaseData(Map.of(), null)
          : LeaseData.decode(leaseId, vault.decrypt(AssociatedData.lease(leaseId), record.sealed()));
      backend(record.backend()).revoke(leaseId, data.revocation());
    } catch (RuntimeException e) {
      recordFailure(record, data, e);
      return false;
    }
    leases.delete(leaseId);
    locks.remove(leaseId);
    Lease revoked = Lease.of(record);
    notify(listener -> listener.revoked(revoked, reason));
    return true;
  }

  private void recordFailure(LeaseRecord record, LeaseData data, RuntimeException cause) {
    int attempts = record.revokeAttempts() + 1;
    Instant next = clock.instant().plus(Backoff.after(attempts));
    String error = describe(cause);
    byte[] sealed = record.sealed();
    if (data != null && data.credential() != null) {
      try {
        sealed = vault.encrypt(AssociatedData.lease(record.id()), data.withoutCredential().encode());
      } catch (RuntimeException e) {
        // keep the old data: the retry needs the revocation data more than the credential needs dropping
      }
    }
    LeaseRecord failed = record.with(State.REVOKE_FAILED, sealed, attempts, next, error);
    leases.put(failed);
    Lease lease = Lease.of(failed);
    LOG.warn("could not revoke lease {} (attempt {}), retrying at {}: {}", record.id(), attempts, next, error);
    notify(listener -> listener.revokeFailed(lease, error));
  }

  private void revokeMinted(CredentialBackend backend, String leaseId, Map<String, String> revocation) {
    try {
      backend.revoke(leaseId, revocation);
    } catch (RuntimeException e) {
      LOG.warn("could not revoke the credential of lease {} after its data could not be stored: {}", leaseId,
          describe(e));
    }
  }

  private CredentialBackend backend(String name) {
    CredentialBackend backend = backends.get(name);
    if (backend == null) {
      throw new VaultException(Reason.NOT_FOUND, "no credential backend named '" + name + "' is configured");
    }
    return backend;
  }

  private ReentrantLock lock(String leaseId) { return locks.computeIfAbsent(leaseId, id -> new ReentrantLock()); }

  private void notify(Consumer<LeaseListener> event) {
    for (LeaseListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("a lease listener failed: {}", describe(e));
      }
    }
  }

  /** An error as it may be stored and shown: vault errors carry no secrets by contract, others only their type. */
  static String describe(RuntimeException e) {
    return e instanceof VaultException v ? v.getMessage() : e.getClass().getSimpleName();
  }
}
