package dev.portcullis.identity;

import dev.portcullis.core.Credentials;
import dev.portcullis.core.Delegation;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Principal;
import dev.portcullis.core.state.AgentRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies the caller of an MCP endpoint and turns what it presented into the {@link Principal}
 * of the exchange. Three kinds of token are accepted, each read by its own rules:
 *
 * <ul>
 *   <li>an <b>instance token</b> ({@code at+jwt} with {@code cnf.jkt}): the agent instance acting
 *       on its own, with a DPoP proof by the instance key over this request and this token;</li>
 *   <li>a <b>delegation token</b> ({@code dlg+jwt}): an agent acting for a user, possibly through
 *       a chain of agents; with a DPoP proof by the outermost actor's key, and only for the one
 *       resource it names;</li>
 *   <li>an unbound <b>agent credential</b> ({@code at+jwt} without {@code cnf}) as a bearer token,
 *       only when {@link DelegationSettings#allowBearerAgentTokens()} says so (off by default).</li>
 * </ul>
 *
 * <p>Instance tokens and agent credentials are issued for the gateway as a whole ({@code aud} is
 * the gateway's resource) and are good at any of its endpoints; a delegation token is good only
 * at the resource in its {@code aud}.
 *
 * <p>The checks run cheapest first: the token's structure, header and signature
 * ({@link SignedTokenReader}, which also keeps one type from passing for another; a token's
 * signature is verified once and remembered, {@link VerifiedTokenCache}), its claims,
 * the revocations in memory, the proof (cryptography and the replay cache), and last the store:
 * every agent in the chain registered and active, every instance enrolled and active. Every
 * refusal is a {@link GatewayException} with {@link GatewayError.Unauthenticated} and a fixed
 * reason naming at most agent ids, instance subjects and a task id — never a token or proof.
 */
public final class CallerVerifier {
  /** How many tokens with a verified signature are remembered ({@link VerifiedTokenCache}). */
  static final int VERIFIED_TOKENS = 4_096;

  private final IdentityContext context;
  private final AgentSubject subjects;
  private final VerifiedTokenCache reader;
  private final Standing standing;

  /** A verifier of the tokens the gateway in {@code context} issued. */
  public CallerVerifier(IdentityContext context) {
    this.context = Objects.requireNonNull(context, "context");
    this.subjects = new AgentSubject(context.settings().trustDomain());
    this.reader = new VerifiedTokenCache(
        new SignedTokenReader(context.keys(), AgentTokenIssuer.TOKEN_TYPE, DelegationClaims.TOKEN_TYPE),
        VERIFIED_TOKENS, context.clock());
    this.standing = new Standing(context.agents(), context.instances(), subjects);
  }

  /**
   * The principal a caller's credentials prove, for a call to {@code resource}.
   *
   * @param credentials the token (without its scheme), the DPoP proof, and the request's method and URL
   * @param resource    the resource being called (the URL of the MCP endpoint, without query)
   * @throws GatewayException with {@link GatewayError.Unauthenticated} when the caller is refused
   */
  public Principal verify(Credentials credentials, String resource) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(resource, "resource");
    String token = credentials.bearer();
    if (token == null || token.isBlank()) throw Rejection.of("missing bearer token");
    SignedTokenReader.Verified verified = reader.verify(token);
    Instant now = context.clock().instant();
    return DelegationClaims.TOKEN_TYPE.equals(verified.type())
        ? delegated(verified.claims(), token, credentials, resource, now)
        : direct(verified.claims(), token, credentials, now);
  }

  private Principal direct(Map<String, Object> claims, String token, Credentials credentials, Instant now) {
    AccessTokenClaims checked = AccessTokenClaims.check(claims, context.settings(), subjects, now);
    var actor = new Delegation.Actor(checked.agentId(), checked.subject());
    context.revocations().refuseRevoked(checked.tokenId(), List.of(actor), null, null, null);
    if (!checked.isBound()) {
      if (!context.delegation().allowBearerAgentTokens()) {
        throw Rejection.of("agent credentials are not accepted as bearer tokens here; exchange the credential "
            + "for an instance token with a DPoP proof");
      }
      AgentRecord agent = standing.agent(checked.agentId());
      return new Principal(agent.id(), checked.subject(), agent.owner(), checked.tokenId(), checked.expiresAt(),
          attributes(agent, null));
    }
    proof(credentials, token, checked.jkt());
    AgentRecord agent = standing.agent(checked.agentId());
    standing.instance(checked.agentId(), checked.instanceId());
    return new Principal(agent.id(), checked.subject(), agent.owner(), checked.tokenId(), checked.expiresAt(),
        attributes(agent, checked.instanceId()));
  }

  private Principal delegated(Map<String, Object> claims, String token, Credentials credentials, String resource,
                              Instant now) {
    DelegationClaims checked = DelegationClaims.check(claims, context.settings(), context.delegation(), subjects, now);
    if (!checked.audience().equals(resource)) throw Rejection.of("delegation token is for another resource (aud)");
    context.revocations().refuseRevoked(checked.tokenId(), checked.chain(), checked.userKey(), checked.details().task(),
        checked.txn());
    proof(credentials, token, checked.jkt());
    AgentRecord agent = standing.chain(checked.chain());
    Delegation.Actor caller = checked.chain().getFirst();
    String instanceId = subjects.instance(caller.subject()).orElseThrow().instanceId();
    return new Principal(caller.agentId(), caller.subject(), agent.owner(), checked.tokenId(), checked.expiresAt(),
        attributes(agent, instanceId), checked.toDelegation());
  }

  private void proof(Credentials credentials, String token, String jkt) {
    if (credentials.dpopProof() == null || credentials.dpopProof().isEmpty()) {
      throw Rejection.of("token is bound to a key (cnf.jkt); a DPoP proof is required");
    }
    context.dpop().check(credentials.dpopProof(), credentials.method(), credentials.url(), token, jkt);
  }

  private static Map<String, Object> attributes(AgentRecord agent, String instanceId) {
    var attributes = new HashMap<String, Object>();
    attributes.put("labels", agent.labels());
    attributes.put("description", agent.description() == null ? "" : agent.description());
    if (instanceId != null) attributes.put("instance", instanceId);
    return attributes;
  }
}
