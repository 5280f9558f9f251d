package dev.portcullis.vault.lease;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.state.LeaseRecord.State;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.VaultException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Check-out and check-in of per-task credentials. The first call of a task that needs a backend
 * mints a credential; later calls of the same task and agent chain reuse it while it has life left;
 * it is revoked when the task checks in, its grant ends (the lease never outlives it), or the
 * user, an agent of the chain, the task or the transaction is revoked. After a restart, the live
 * leases of the previous run are used again rather than minted anew.
 */
public final class CredentialBroker {
  /*
   * Check-outs are keyed by backend and the whole scope, not the task alone: a credential minted for
   * one agent chain is never handed to another, so revoking any agent always reaches every
   * credential its calls used. Concurrent check-outs for one key share one future (single flight):
   * one thread mints, the others wait for it and get the same credential.
   *
   * A credential is reused while more than a fifth of its lease's lifetime is left, so that a call
   * never starts with a credential about to expire; otherwise a new lease is issued and the old
   * one revoked.
   */
  private final LeaseManager leases;
  private final Map<String, LeaseTerms> terms;
  private final InstantSource clock;
  private final Map<Key, CompletableFuture<Held>> flights = new ConcurrentHashMap<>();

  private record Key(String backend, LeaseScope scope) {}

  private record Held(String leaseId, LastMileCredential credential, Instant issuedAt, Instant endsAt) {}

  /**
   * A broker issuing leases through {@code leases}, with each backend's lease terms.
   *
   * @param terms the TTL and max TTL of each backend's credentials, by backend name
   */
  public CredentialBroker(LeaseManager leases, Map<String, LeaseTerms> terms, InstantSource clock) {
    this.leases = Objects.requireNonNull(leases, "leases");
    this.terms = Map.copyOf(terms);
    this.clock = Objects.requireNonNull(clock, "clock");
    leases.addListener(new LeaseListener() {
      @Override
      public void revoked(Lease lease, String reason) { forget(lease.id()); }

      @Override
      public void revokeFailed(Lease lease, String reason) { forget(lease.id()); }
    });
  }

  /**
   * A credential for {@code backend} serving {@code scope}, valid no later than {@code grantEnds}.
   *
   * @throws VaultException {@link Reason#REFUSED} when the grant has already ended,
   *                        {@link Reason#NOT_FOUND} for a backend without lease terms, and whatever
   *                        {@link LeaseManager#issue} throws
   */
  public LastMileCredential checkOut(String backend, LeaseScope scope, Instant grantEnds) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(grantEnds, "grantEnds");
    LeaseTerms backendTerms = terms.get(backend);
    if (backendTerms == null) {
      throw new VaultException(Reason.NOT_FOUND, "no lease terms for credential backend '" + backend + "'");
    }
    Key key = new Key(backend, scope);
    while (true) {
      Instant now = clock.instant();
      if (!grantEnds.isAfter(now)) {
        throw new VaultException(Reason.REFUSED, "the grant of task " + scope.task() + " ended at " + grantEnds
            + "; no credential is issued for it");
      }
      CompletableFuture<Held> current = flights.get(key);
      if (current == null) {
        CompletableFuture<Held> mine = new CompletableFuture<>();
        if (flights.putIfAbsent(key, mine) == null) {
          return mint(key, mine, backendTerms, grantEnds, null);
        }
        continue;
      }
      Held held = await(current);
      if (usable(held, now, grantEnds)) {
        return held.credential();
      }
      CompletableFuture<Held> mine = new CompletableFuture<>();
      if (flights.replace(key, current, mine)) {
        return mint(key, mine, backendTerms, grantEnds, held.leaseId());
      }
      // another check-out replaced it first: look again
    }
  }

  /** Revokes every credential of this task; returns how many leases it revoked. */
  public int checkIn(String task) {
    return leases.revokeByScope(ScopeKind.TASK, task, "task checked in");
  }

  /**
   * Revokes the leases a revocation reaches: an agent's (wherever it is in a chain, so its
   * sub-agents' too), an instance's agent's, a user's, a task's, a transaction's. Token
   * revocations reach no lease. Returns how many leases it revoked.
   */
  public int onRevocation(RevocationRecord revocation) {
    String reason = "revoked " + revocation.kind().name().toLowerCase(Locale.ROOT) + " " + revocation.target();
    return switch (revocation.kind()) {
      case AGENT -> leases.revokeByScope(ScopeKind.AGENT, revocation.target(), reason);
      case INSTANCE -> leases.revokeByScope(ScopeKind.AGENT, agentOfInstance(revocation.target()), reason);
      case USER -> leases.revokeByScope(ScopeKind.USER, revocation.target(), reason);
      case TASK -> leases.revokeByScope(ScopeKind.TASK, revocation.target(), reason);
      case TXN -> leases.revokeByScope(ScopeKind.TXN, revocation.target(), reason);
      case TOKEN -> 0;
    };
  }

  /**
   * The agent id of an instance subject {@code spiffe://<domain>/agent/<agent>/i/<instance>}. The
   * whole agent's leases go: leases are scoped to agents, not instances, and revoking too much is
   * the safe side.
   */
  static String agentOfInstance(String subject) {
    int at = subject.indexOf("/agent/");
    int end = subject.lastIndexOf("/i/");
    if (at < 0 || end <= at + "/agent/".length()) {
      return subject;
    }
    return subject.substring(at + "/agent/".length(), end);
  }

  private LastMileCredential mint(Key key, CompletableFuture<Held> mine, LeaseTerms backendTerms, Instant grantEnds,
                                  String replacing) {
    try {
      Instant now = clock.instant();
      if (replacing == null) {
        Held adopted = adopt(key, now, grantEnds);
        if (adopted != null) {
          mine.complete(adopted);
          return adopted.credential();
        }
      }
      Duration untilGrantEnds = Duration.between(now, grantEnds);
      Duration ttl = min(backendTerms.ttl(), untilGrantEnds);
      Duration maxTtl = min(backendTerms.maxTtl(), untilGrantEnds);
      Lease lease = leases.issue(key.backend(), key.scope(), ttl, maxTtl);
      LastMileCredential credential = leases.credential(lease.id());
      Instant endsAt = credential.expiresAt().isBefore(lease.expiresAt()) ? credential.expiresAt() : lease.expiresAt();
      mine.complete(new Held(lease.id(), credential, lease.issuedAt(), endsAt));
      if (leases.find(lease.id()).isEmpty()) {
        // revoked (the task, agent or user) between issue and now: the listener could not see this flight yet
        flights.remove(key, mine);
        throw new VaultException(Reason.REFUSED, "lease " + lease.id() + " was revoked while it was checked out");
      }
      if (replacing != null) {
        try {
          leases.revoke(replacing, "replaced by " + lease.id());
        } catch (VaultException e) {
          if (e.reason() != Reason.NOT_FOUND) {
            throw e;
          }
        }
      }
      return credential;
    } catch (RuntimeException e) {
      flights.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * A live lease an earlier run issued for this backend and scope, if one has life enough left: a
   * restarted gateway keeps using it rather than minting another.
   */
  private Held adopt(Key key, Instant now, Instant grantEnds) {
    for (Lease lease : leases.list(l -> l.state() == State.ACTIVE && l.backend().equals(key.backend())
        && l.scope().equals(key.scope()))) {
      try {
        LastMileCredential credential = leases.credential(lease.id());
        Instant endsAt = credential.expiresAt().isBefore(lease.expiresAt()) ? credential.expiresAt() : lease.expiresAt();
        Held held = new Held(lease.id(), credential, lease.issuedAt(), endsAt);
        if (usable(held, now, grantEnds)) {
          return held;
        }
      } catch (VaultException e) {
        // revoked meanwhile, or its data cannot be opened: not one to adopt
      }
    }
    return null;
  }

  /** The credential a flight produced; a failed mint fails its waiters with the same error. */
  private static Held await(CompletableFuture<Held> flight) {
    try {
      return flight.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static boolean usable(Held held, Instant now, Instant grantEnds) {
    Duration lifetime = Duration.between(held.issuedAt(), held.endsAt());
    Duration left = Duration.between(now, held.endsAt());
    return left.compareTo(lifetime.dividedBy(5)) > 0 && !held.endsAt().isAfter(grantEnds);
  }

  private void forget(String leaseId) {
    flights.entrySet().removeIf(entry -> {
      CompletableFuture<Held> flight = entry.getValue();
      return flight.isDone() && !flight.isCompletedExceptionally() && flight.join().leaseId().equals(leaseId);
    });
  }

  private static Duration min(Duration a, Duration b) { return a.compareTo(b) <= 0 ? a : b; }
}
