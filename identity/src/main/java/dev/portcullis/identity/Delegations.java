package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.identity.TokenError.Code;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The two token exchanges that mint delegation tokens: a user delegating to an agent instance
 * ({@link #delegate}), and an agent handing a narrower delegation to a sub-agent ({@link #narrow}).
 *
 * <p>In both, the actor is an agent instance: its instance token must be valid and unrevoked, its
 * agent and instance active, and the DPoP proof made by the key the instance token is bound to —
 * the new token is bound to that key too. Narrowing never widens and never silently clamps: a
 * request for more tools, other locations, more calls, another audience or a longer life than the
 * parent token has is refused, saying which. The user, the user's issuer and the transaction stay
 * those of the root delegation, and the parent's chain is carried inside the new actor's
 * ({@code act.act}), so revoking anything upstream cuts off everything downstream.
 */
final class Delegations {
  private static final Pattern SECONDS = Pattern.compile("[1-9][0-9]{0,8}");

  private final IdentityContext context;
  private final TokenMinter minter;
  private final UserTokenVerifier users;
  private final DelegationRules rules;
  private final Predicate<String> servedResources;
  private final AgentSubject subjects;
  private final SignedTokenReader instanceTokens;
  private final SignedTokenReader delegationTokens;
  private final Standing standing;

  Delegations(IdentityContext context, TokenMinter minter, UserTokenVerifier users, DelegationRules rules,
              Predicate<String> servedResources) {
    this.context = context;
    this.minter = minter;
    this.users = users;
    this.rules = rules;
    this.servedResources = servedResources;
    this.subjects = new AgentSubject(context.settings().trustDomain());
    this.instanceTokens = new SignedTokenReader(context.keys(), AgentTokenIssuer.TOKEN_TYPE);
    this.delegationTokens = new SignedTokenReader(context.keys(), DelegationClaims.TOKEN_TYPE);
    this.standing = new Standing(context.agents(), context.instances(), subjects);
  }

  /** A user's token and an instance's token in, a delegation token for the instance out. */
  TokenResponse delegate(TokenForm form, TokenRequest request, Map<String, Object> facts) {
    String subjectType = form.single("subject_token_type");
    if (!TokenService.ACCESS_TOKEN_TYPE.equals(subjectType) && !TokenService.JWT_TOKEN_TYPE.equals(subjectType)) {
      throw new TokenError(Code.INVALID_REQUEST, "subject_token_type must be " + TokenService.ACCESS_TOKEN_TYPE
          + " or " + TokenService.JWT_TOKEN_TYPE);
    }
    Actor actor = actor(form, request, facts);
    UserIdentity user;
    try {
      user = users.verify(form.required("subject_token"));
    } catch (GatewayException e) {
      throw TokenService.refusal(Code.INVALID_GRANT, "subject_token refused", e);
    }
    facts.put("user", user.key());
    if (!ClaimValues.isString(user.subject(), DelegationClaims.MAX_USER_LENGTH)
        || !ClaimValues.isString(user.issuer(), DelegationClaims.MAX_ISSUER_LENGTH)) {
      throw new TokenError(Code.INVALID_GRANT, "the user's subject or issuer is empty or too long to delegate");
    }
    if (context.revocations().find(RevocationRecord.Kind.USER, user.key()).isPresent()) {
      throw new TokenError(Code.INVALID_GRANT, "the user's delegations are revoked");
    }
    if (!mayAct(user, actor)) {
      throw new TokenError(Code.UNAUTHORIZED_CLIENT, "agent '" + actor.agentId() + "' may not act for this user");
    }
    String audience = form.target();
    if (!servedResources.test(audience)) {
      throw new TokenError(Code.INVALID_TARGET, "the resource is not one this gateway serves");
    }
    AuthorizationDetails stated;
    try {
      stated = AuthorizationDetails.stated(user.authorizationDetails());
    } catch (IllegalArgumentException e) {
      throw new TokenError(Code.INVALID_GRANT, "the task grant in the user's token is invalid: " + e.getMessage());
    }
    AuthorizationDetails details = granted(form.single("authorization_details"), stated);
    refuseRevokedTask(details.task(), facts);

    Instant now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = TokenService.earliest(now.plus(context.delegation().delegationTtl()), truncate(user.expiresAt()),
        requestedExpiry(form, now, null));
    if (!expiresAt.isAfter(now)) throw new TokenError(Code.INVALID_GRANT, "the user's token expires within the second");
    var claims = new DelegationClaims(user.subject(), user.issuer(), List.of(actor.toChainLink()), minter.newId(),
        details, audience, actor.jkt(), minter.newId(), now, expiresAt, stated == null ? null : details.descriptions());
    return mint(claims, now, facts, "delegated");
  }

  /** A delegation token and a sub-agent instance's token in, a narrower delegation token for the sub-agent out. */
  TokenResponse narrow(TokenForm form, TokenRequest request, Map<String, Object> facts) {
    if (!TokenService.ACCESS_TOKEN_TYPE.equals(form.single("subject_token_type"))) {
      throw new TokenError(Code.INVALID_REQUEST, "subject_token_type must be " + TokenService.ACCESS_TOKEN_TYPE);
    }
    Actor actor = actor(form, request, facts);
    DelegationClaims parent = parent(form.required("subject_token"), facts);
    List<Delegation.Actor> chain = parent.chain();
    for (Delegation.Actor link : chain) {
      if (link.agentId().equals(actor.agentId())) {
        throw new TokenError(Code.UNAUTHORIZED_CLIENT, "agent '" + actor.agentId() + "' is already in the delegation chain");
      }
    }
    if (chain.size() + 1 > context.delegation().maxDepth()) {
      throw new TokenError(Code.UNAUTHORIZED_CLIENT, "the delegation chain would exceed the maximum depth of "
          + context.delegation().maxDepth());
    }
    if (!rules.mayDelegate(chain, actor.agentId())) {
      throw new TokenError(Code.UNAUTHORIZED_CLIENT, "agent '" + chain.getFirst().agentId()
          + "' may not delegate to agent '" + actor.agentId() + "'");
    }
    String audience = form.target();
    if (!audience.equals(parent.audience()) && !parent.details().locations().contains(audience)) {
      throw new TokenError(Code.INVALID_TARGET, "the audience must be the parent token's audience or one of its locations");
    }
    if (!servedResources.test(audience)) {
      throw new TokenError(Code.INVALID_TARGET, "the resource is not one this gateway serves");
    }
    String requested = form.single("authorization_details");
    AuthorizationDetails details = parent.details();
    if (requested != null) {
      try {
        details = details(requested).within(parent.details());
      } catch (IllegalArgumentException e) {
        throw new TokenError(Code.INVALID_AUTHORIZATION_DETAILS, e.getMessage());
      }
    }

    Instant now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = TokenService.earliest(parent.expiresAt(), now.plus(context.delegation().delegationTtl()),
        requestedExpiry(form, now, parent.expiresAt()));
    if (!expiresAt.isAfter(now)) throw new TokenError(Code.INVALID_GRANT, "the parent token expires within the second");
    var longer = new ArrayList<Delegation.Actor>(chain.size() + 1);
    longer.add(actor.toChainLink());
    longer.addAll(chain);
    var claims = new DelegationClaims(parent.user(), parent.userIssuer(), longer, parent.txn(), details, audience,
        actor.jkt(), minter.newId(), now, expiresAt, parent.statedTask());
    return mint(claims, now, facts, "narrowed");
  }

  /** The actor: an instance token of an active, unrevoked instance, and a proof by its key. */
  private Actor actor(TokenForm form, TokenRequest request, Map<String, Object> facts) {
    if (!TokenService.ACCESS_TOKEN_TYPE.equals(form.single("actor_token_type"))) {
      throw new TokenError(Code.INVALID_REQUEST, "actor_token_type must be " + TokenService.ACCESS_TOKEN_TYPE);
    }
    AccessTokenClaims claims;
    try {
      claims = AccessTokenClaims.check(instanceTokens.read(form.required("actor_token")), context.settings(), subjects,
          context.clock().instant());
      if (!claims.isBound()) throw Rejection.of("the actor must present an instance token, not an agent credential");
      facts.put("agent", claims.agentId());
      facts.put("instance", claims.subject());
      context.revocations().refuseRevoked(claims.tokenId(),
          List.of(new Delegation.Actor(claims.agentId(), claims.subject())), null, null, null);
      standing.agent(claims.agentId());
      standing.instance(claims.agentId(), claims.instanceId());
    } catch (GatewayException e) {
      throw TokenService.refusal(Code.INVALID_CLIENT, "actor_token refused", e);
    }
    try {
      context.dpop().check(request.dpopProof(), request.method(), request.url(), null, claims.jkt());
    } catch (GatewayException e) {
      throw new TokenError(Code.INVALID_DPOP_PROOF, e.error().message());
    }
    return new Actor(claims.agentId(), claims.subject(), claims.jkt());
  }

  /** The parent delegation token: ours, current, and nothing in it revoked or inactive. */
  private DelegationClaims parent(String token, Map<String, Object> facts) {
    try {
      DelegationClaims parent = DelegationClaims.check(delegationTokens.read(token), context.settings(),
          context.delegation(), subjects, context.clock().instant());
      facts.put("user", parent.userKey());
      facts.put("txn", parent.txn());
      facts.put("task", parent.details().task());
      context.revocations().refuseRevoked(parent.tokenId(), parent.chain(), parent.userKey(), parent.details().task(),
          parent.txn());
      standing.chain(parent.chain());
      return parent;
    } catch (GatewayException e) {
      throw TokenService.refusal(Code.INVALID_GRANT, "subject_token refused", e);
    }
  }

  private boolean mayAct(UserIdentity user, Actor actor) {
    Map<String, Object> mayAct = user.mayAct();
    if (mayAct == null) return rules.mayActFor(user, actor.agentId());
    // RFC 8693 §4.4: may_act names the party allowed to act; here, by instance or agent subject, or agent id.
    if (mayAct.containsKey("iss") && !context.settings().issuer().equals(mayAct.get("iss"))) return false;
    Object sub = mayAct.get("sub");
    Object clientId = mayAct.get("client_id");
    return actor.subject().equals(sub) || subjects.of(actor.agentId()).equals(sub) || actor.agentId().equals(sub)
        || actor.agentId().equals(clientId);
  }

  /*
   * What a root delegation grants: the details the agent asked for, which must lie within the task
   * grant the user's token states when it states one (the user consented to that at the identity
   * provider; the agent may narrow it, never widen or reword it). Without a request the stated
   * grant is taken whole; without a stated grant, the request as before.
   */
  private static AuthorizationDetails granted(String requested, AuthorizationDetails stated) {
    if (stated == null) return details(requested);
    if (requested == null) return stated;
    try {
      return details(requested).within(stated);
    } catch (IllegalArgumentException e) {
      throw new TokenError(Code.INVALID_AUTHORIZATION_DETAILS, "the requested task grant is not within the user's: "
          + e.getMessage());
    }
  }

  private static AuthorizationDetails details(String json) {
    try {
      return AuthorizationDetails.parse(json);
    } catch (IllegalArgumentException e) {
      throw new TokenError(Code.INVALID_AUTHORIZATION_DETAILS, e.getMessage());
    }
  }

  private void refuseRevokedTask(String task, Map<String, Object> facts) {
    facts.put("task", task);
    if (context.revocations().find(RevocationRecord.Kind.TASK, task).isPresent()) {
      throw new TokenError(Code.INVALID_GRANT, "task '" + task + "' is revoked");
    }
  }

  /**
   * The expiry asked for with {@code requested_expires_in}, or {@link Instant#MAX} when not asked;
   * more than {@code limit} allows is refused, not shortened.
   */
  private static Instant requestedExpiry(TokenForm form, Instant now, Instant limit) {
    String value = form.single("requested_expires_in");
    if (value == null) return Instant.MAX;
    if (!SECONDS.matcher(value).matches()) {
      throw new TokenError(Code.INVALID_REQUEST, "requested_expires_in must be a positive number of seconds");
    }
    Instant requested = now.plusSeconds(Long.parseLong(value));
    if (limit != null && requested.isAfter(limit)) {
      throw new TokenError(Code.INVALID_REQUEST, "requested lifetime of " + value + " s exceeds the parent token's "
          + "remaining " + Math.max(0, Duration.between(now, limit).toSeconds()) + " s");
    }
    return requested;
  }

  private TokenResponse mint(DelegationClaims claims, Instant now, Map<String, Object> facts, String outcome) {
    facts.put("user", claims.userKey());
    facts.put("txn", claims.txn());
    facts.put("task", claims.details().task());
    facts.put("depth", claims.chain().size());
    IssuedToken token;
    try {
      token = minter.delegationToken(claims);
    } catch (IllegalArgumentException e) {
      throw new TokenError(Code.INVALID_REQUEST, e.getMessage());
    }
    return TokenService.response(token, now, facts, outcome);
  }

  private static Instant truncate(Instant instant) { return instant.truncatedTo(ChronoUnit.SECONDS); }

  /** The verified actor of an exchange. */
  private record Actor(String agentId, String subject, String jkt) {
    Actor {
      Objects.requireNonNull(jkt, "jkt");
    }

    Delegation.Actor toChainLink() { return new Delegation.Actor(agentId, subject); }
  }
}
