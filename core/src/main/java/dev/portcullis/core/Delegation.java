package dev.portcullis.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The delegation a call was made under: the user the agent acts for, the chain of agents from the
 * one the user delegated to down to the caller, the task the user granted, and the transaction the
 * call belongs to. Taken from a verified delegation token; never from anything the agent asserts.
 *
 * @param user                 the user's subject at the identity provider ({@code sub})
 * @param userIssuer           the identity provider that authenticated the user
 * @param chain                the actors, outermost (the caller) first, the agent the user delegated to last
 * @param txn                  the transaction id, constant across one user request and everything it spawns
 * @param task                 the task id from the grant, or {@code null}
 * @param authorizationDetails the RFC 9396 authorization details the token carries (already narrowed)
 * @param audience             the one resource the token is for
 * @param expiresAt            when the delegation token expires
 * @param statedTask           the task in the user's own words, or {@code null}: the description of
 *                             the task grant that the user's token from the identity provider
 *                             carried (the user consented to it there). A description only the
 *                             agent's token request carried is the agent's words and is not here
 */
public record Delegation(String user, String userIssuer, List<Actor> chain, String txn, String task,
                         List<Map<String, Object>> authorizationDetails, String audience, Instant expiresAt,
                         String statedTask) {
  public Delegation {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(userIssuer, "userIssuer");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) throw new IllegalArgumentException("a delegation names at least one actor");
    Objects.requireNonNull(txn, "txn");
    authorizationDetails = List.copyOf(authorizationDetails);
  }

  /** A delegation whose task the user's token did not state. */
  public Delegation(String user, String userIssuer, List<Actor> chain, String txn, String task,
                    List<Map<String, Object>> authorizationDetails, String audience, Instant expiresAt) {
    this(user, userIssuer, chain, txn, task, authorizationDetails, audience, expiresAt, null);
  }

  /** How many agents stand between the user and the caller (1 for a direct delegation). */
  public int depth() { return chain.size(); }

  /**
   * One agent in a delegation chain.
   *
   * @param agentId the registered agent's id
   * @param subject the instance's workload identity, {@code spiffe://<trust-domain>/agent/<agent>/i/<instance>}
   */
  public record Actor(String agentId, String subject) {
    public Actor {
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(subject, "subject");
    }
  }
}
