package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The claims of a delegation token ({@code typ dlg+jwt}): the user ({@code sub}, {@code user_iss})
 * an agent acts for, the chain of actors ({@code act}, the caller outermost, its ancestors nested
 * inside as in RFC 8693 §4.1), what was granted ({@code authorization_details}, RFC 9396), the
 * transaction ({@code txn}), the one resource it is for ({@code aud}), the key it is bound to
 * ({@code cnf.jkt}) and its lifetime.
 *
 * <p>The same record is what the token service signs ({@link #toJson}) and what a verifier reads
 * back ({@link #check}), so the two can never disagree about a claim.
 *
 * @param user        the user's subject at the identity provider
 * @param userIssuer  the identity provider
 * @param chain       the actors, outermost (the current holder) first
 * @param txn         the transaction id, fixed at the root delegation
 * @param details     what the user granted, as narrowed along the chain
 * @param audience    the one resource the token is for
 * @param jkt         the thumbprint of the outermost actor's key
 * @param tokenId     the token id ({@code jti})
 * @param issuedAt    {@code iat}
 * @param expiresAt   {@code exp}
 * @param statedTask  the task in the user's own words ({@code user_task}): the descriptions of the
 *                    task grant the user's token carried, fixed at the root delegation; {@code null}
 *                    when the user's token stated none
 */
record DelegationClaims(String user, String userIssuer, List<Delegation.Actor> chain, String txn,
                        AuthorizationDetails details, String audience, String jkt, String tokenId, Instant issuedAt,
                        Instant expiresAt, String statedTask) {
  /** The JOSE type of delegation tokens: distinct from access tokens and transaction tokens. */
  static final String TOKEN_TYPE = "dlg+jwt";
  static final int MAX_USER_LENGTH = 255;
  static final int MAX_ISSUER_LENGTH = 2048;

  /** The longest {@code user_task}: every entry's description and a line break between them. */
  static final int MAX_STATED_TASK = AuthorizationDetails.MAX_ENTRIES * (TaskGrant.MAX_DESCRIPTION + 1);

  private static final Pattern TXN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> ACTOR_MEMBERS = Set.of("sub", "client_id", "act");

  DelegationClaims {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(userIssuer, "userIssuer");
    chain = List.copyOf(chain);
    Objects.requireNonNull(txn, "txn");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(jkt, "jkt");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Checks the claims of a delegation token whose signature has been verified. The audience is
   * read, not judged: whether it is the resource being called is the caller's question.
   */
  static DelegationClaims check(Map<String, Object> claims, IdentitySettings settings, DelegationSettings delegation,
                                AgentSubject subjects, Instant now) {
    if (!Objects.equals(settings.issuer(), claims.get("iss"))) {
      throw Rejection.of("token issuer (iss) is not this gateway");
    }
    if (!(claims.get("aud") instanceof String audience) || audience.isEmpty()) {
      throw Rejection.of("delegation token must name exactly one audience (aud)");
    }
    Instant exp = ClaimValues.instant(claims, "exp", "token");
    if (exp == null) throw Rejection.of("token has no expiry (exp)");
    if (!now.isBefore(exp)) throw Rejection.of("token has expired");
    Instant iat = ClaimValues.instant(claims, "iat", "token");
    if (iat == null) throw Rejection.of("token has no issue time (iat)");
    if (iat.isAfter(now.plus(settings.clockSkew()))) throw Rejection.of("token is issued in the future (iat)");
    if (!exp.isAfter(iat)) throw Rejection.of("token expires before it was issued");
    if (Duration.between(iat, exp).compareTo(delegation.delegationTtl()) > 0) {
      throw Rejection.of("delegation lifetime exceeds the maximum of " + delegation.delegationTtl());
    }
    if (!ClaimValues.isString(claims.get("sub"), MAX_USER_LENGTH)) throw Rejection.of("token has no user (sub)");
    if (!ClaimValues.isString(claims.get("user_iss"), MAX_ISSUER_LENGTH)) {
      throw Rejection.of("token has no user issuer (user_iss)");
    }
    if (!(claims.get("txn") instanceof String txn) || !TXN.matcher(txn).matches()) {
      throw Rejection.of("token has no valid transaction id (txn)");
    }
    if (!ClaimValues.isString(claims.get("jti"), AccessTokenClaims.MAX_TOKEN_ID_LENGTH)) {
      throw Rejection.of("token has no valid id (jti)");
    }
    String jkt = AccessTokenClaims.confirmationKey(claims.get("cnf"));
    if (jkt == null) throw Rejection.of("delegation token is not bound to a key (cnf.jkt)");
    List<Delegation.Actor> chain = chain(claims.get("act"), subjects, delegation.maxDepth());
    AuthorizationDetails details;
    try {
      details = AuthorizationDetails.fromJson(claims.get("authorization_details"));
    } catch (IllegalArgumentException e) {
      throw Rejection.of("token authorization_details are invalid: " + e.getMessage());
    }
    Object stated = claims.get("user_task");
    if (stated != null && !ClaimValues.isString(stated, MAX_STATED_TASK)) {
      throw Rejection.of("token user_task is not a valid string");
    }
    return new DelegationClaims((String) claims.get("sub"), (String) claims.get("user_iss"), chain, txn, details,
        audience, jkt, (String) claims.get("jti"), iat, exp, (String) stated);
  }

  /** The claims to sign, {@code iss} being the gateway. */
  Map<String, Object> toJson(String issuer) {
    var json = new LinkedHashMap<String, Object>();
    json.put("iss", issuer);
    json.put("aud", audience);
    json.put("sub", user);
    json.put("user_iss", userIssuer);
    json.put("act", actJson(0));
    json.put("authorization_details", details.toJson());
    if (statedTask != null) json.put("user_task", statedTask);
    json.put("txn", txn);
    json.put("cnf", Map.of("jkt", jkt));
    json.put("iat", issuedAt.getEpochSecond());
    json.put("exp", expiresAt.getEpochSecond());
    json.put("jti", tokenId);
    return json;
  }

  /** The delegation a call made with this token is made under, as policy sees it. */
  Delegation toDelegation() {
    return new Delegation(user, userIssuer, chain, txn, details.task(), details.toJson(), audience, expiresAt, statedTask);
  }

  /** The user as revocations name users: {@code <issuer>#<subject>}. */
  String userKey() { return userIssuer + "#" + user; }

  private Map<String, Object> actJson(int index) {
    var act = new LinkedHashMap<String, Object>();
    act.put("sub", chain.get(index).subject());
    act.put("client_id", chain.get(index).agentId());
    if (index + 1 < chain.size()) act.put("act", actJson(index + 1));
    return act;
  }

  private static List<Delegation.Actor> chain(Object act, AgentSubject subjects, int maxDepth) {
    var chain = new ArrayList<Delegation.Actor>();
    for (Object current = act; current != null; ) {
      if (chain.size() == maxDepth) throw Rejection.of("token act chain is deeper than " + maxDepth);
      if (!(current instanceof Map<?, ?> actor)) throw Rejection.of("token act chain is not a nesting of objects");
      for (Object member : actor.keySet()) {
        if (!ACTOR_MEMBERS.contains(member)) {
          throw Rejection.of("token act chain carries a member other than sub, client_id and act");
        }
      }
      String subject = actor.get("sub") instanceof String s ? s : null;
      var instance = subjects.instance(subject).orElseThrow(() ->
          Rejection.of("token act chain names an actor that is not an agent instance of this trust domain"));
      if (!instance.agentId().equals(actor.get("client_id"))) {
        throw Rejection.of("token act chain names an actor whose sub and client_id disagree");
      }
      for (Delegation.Actor seen : chain) {
        if (seen.agentId().equals(instance.agentId())) {
          throw Rejection.of("token act chain names agent '" + instance.agentId() + "' twice");
        }
      }
      chain.add(new Delegation.Actor(instance.agentId(), subject));
      current = actor.get("act");
    }
    if (chain.isEmpty()) throw Rejection.of("token has no actor (act)");
    return chain;
  }
}
