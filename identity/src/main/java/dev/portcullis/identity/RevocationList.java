package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Principal;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.RevocationRecord.Kind;
import dev.portcullis.core.state.RevocationRepository;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocations in force, held in memory so that every call can be checked against all of them
 * with a few hash lookups.
 *
 * <p>A revocation is permanent (the store never deletes one) and applies to every token that
 * involves its target, whenever it was issued: a revoked agent or instance anywhere in a
 * delegation chain, the user the chain acts for, the task, the transaction, or the token itself.
 * Because a sub-agent's token carries its whole chain, its user, task and transaction, revoking
 * any of them cuts off every token derived from it on the next call — the cascade needs no
 * bookkeeping of which token was derived from which.
 *
 * <p>{@link #revoke} writes to the store first and takes effect here at once; {@link #refresh}
 * picks up what other replicas wrote, and is meant to be called every second or so. Since
 * revocations are only ever added, both merely add to the in-memory sets.
 */
public final class RevocationList {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);
  private final RevocationRepository repository;
  private final Map<Kind, Map<String, RevocationRecord>> byKind = new EnumMap<>(Kind.class);
  private final List<Consumer<RevocationRecord>> listeners = new CopyOnWriteArrayList<>();

  /** The revocations in {@code repository}, loaded now. */
  public RevocationList(RevocationRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
    for (Kind kind : Kind.values()) byKind.put(kind, new ConcurrentHashMap<>());
    refresh();
  }

  /**
   * Calls {@code listener} with every revocation this list learns from now on, whether made here or
   * by another replica (seen at the next {@link #refresh}), once each. This is how a revocation
   * reaches what was derived from the revoked identity outside tokens: the vault's leases.
   * A listener that throws does not stop the others.
   */
  public void onRevocation(Consumer<RevocationRecord> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Records a revocation in the store, then applies it here; a store failure propagates and nothing changes. */
  public void revoke(RevocationRecord revocation) {
    Objects.requireNonNull(revocation, "revocation");
    repository.add(revocation);
    remember(revocation);
  }

  /** Adds the revocations other replicas made since the last refresh. */
  public void refresh() {
    for (RevocationRecord revocation : repository.list()) remember(revocation);
  }

  /** The revocation of this kind and target, if there is one. */
  public Optional<RevocationRecord> find(Kind kind, String target) {
    return Optional.ofNullable(get(kind, target));
  }

  /**
   * The first revocation that applies to a caller: its token, its agent and instance, and under
   * delegation every actor of the chain, the user, the task and the transaction.
   */
  public Optional<RevocationRecord> firstRevoked(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    Delegation delegation = principal.delegation();
    if (delegation == null) {
      return firstRevoked(principal.tokenId(), List.of(new Delegation.Actor(principal.agentId(), principal.subject())),
          null, null, null);
    }
    return firstRevoked(principal.tokenId(), delegation.chain(), delegation.userIssuer() + "#" + delegation.user(),
        delegation.task(), delegation.txn());
  }

  /** The number of revocations held. */
  public int size() {
    return byKind.values().stream().mapToInt(Map::size).sum();
  }

  /** The first revocation that applies to these parts of a token; {@code null} parts are skipped. */
  Optional<RevocationRecord> firstRevoked(String tokenId, Collection<Delegation.Actor> chain, String userKey,
                                          String task, String txn) {
    RevocationRecord found = get(Kind.TOKEN, tokenId);
    for (var actor = chain.iterator(); found == null && actor.hasNext(); ) {
      Delegation.Actor next = actor.next();
      found = get(Kind.AGENT, next.agentId());
      if (found == null) found = get(Kind.INSTANCE, next.subject());
    }
    if (found == null) found = get(Kind.USER, userKey);
    if (found == null) found = get(Kind.TASK, task);
    if (found == null) found = get(Kind.TXN, txn);
    return Optional.ofNullable(found);
  }

  private RevocationRecord get(Kind kind, String target) {
    return target == null ? null : byKind.get(kind).get(target);
  }

  /**
   * Refuses, as unauthenticated, when any part of a token is revoked; the reason names the kind of
   * target (and an agent id), never the store's free-text reason.
   */
  void refuseRevoked(String tokenId, Collection<Delegation.Actor> chain, String userKey, String task, String txn) {
    firstRevoked(tokenId, chain, userKey, task, txn).ifPresent(revocation -> {
      throw Rejection.of(reason(revocation));
    });
  }

  /** Why a token is refused because of this revocation. */
  static String reason(RevocationRecord revocation) {
    return switch (revocation.kind()) {
      case AGENT -> "agent '" + revocation.target() + "' is revoked";
      case INSTANCE -> "agent instance '" + revocation.target() + "' is revoked";
      case USER -> "the user's delegations are revoked";
      case TASK -> "task '" + revocation.target() + "' is revoked";
      case TXN -> "the transaction is revoked";
      case TOKEN -> "the token is revoked";
    };
  }

  private void remember(RevocationRecord revocation) {
    if (byKind.get(revocation.kind()).putIfAbsent(revocation.target(), revocation) != null) return;
    for (Consumer<RevocationRecord> listener : listeners) {
      try {
        listener.accept(revocation);
      } catch (RuntimeException e) {
        LOG.error("a revocation listener failed for {} '{}'", revocation.kind(), revocation.target(), e);
      }
    }
  }
}
