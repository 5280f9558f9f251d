package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.identity.TokenError.Code;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Enrolment of an agent instance: an agent credential and a DPoP proof in, an instance token bound
 * to the proof's key out.
 *
 * <p>The instance is recorded with that key. Presenting another key for an existing instance
 * rotates it: the record takes the new key and {@code rotatedAt}, and tokens bound to the old key
 * keep working until they expire, so a rotation needs no downtime. A revoked instance cannot
 * enrol again. The instance token lives {@link DelegationSettings#instanceTokenTtl()}, never
 * beyond the credential it was exchanged for nor the gateway's longest token lifetime.
 */
final class Enrolment {
  private final IdentityContext context;
  private final TokenMinter minter;
  private final AgentSubject subjects;
  private final SignedTokenReader reader;
  private final Standing standing;

  Enrolment(IdentityContext context, TokenMinter minter) {
    this.context = context;
    this.minter = minter;
    this.subjects = new AgentSubject(context.settings().trustDomain());
    this.reader = new SignedTokenReader(context.keys(), AgentTokenIssuer.TOKEN_TYPE);
    this.standing = new Standing(context.agents(), context.instances(), subjects);
  }

  TokenResponse enrol(TokenForm form, TokenRequest request, Map<String, Object> facts) {
    form.refuse("an enrolment", "resource", "audience", "authorization_details", "actor_token_type",
        "requested_expires_in");
    if (!TokenService.ACCESS_TOKEN_TYPE.equals(form.single("subject_token_type"))) {
      throw new TokenError(Code.INVALID_REQUEST, "subject_token_type must be " + TokenService.ACCESS_TOKEN_TYPE);
    }
    AccessTokenClaims credential = credential(form.required("subject_token"));
    facts.put("agent", credential.agentId());

    String instanceId = form.single("instance");
    if (instanceId == null) instanceId = minter.newInstanceId();
    if (!AgentSubject.isInstanceId(instanceId)) {
      throw new TokenError(Code.INVALID_REQUEST, "instance must match [A-Za-z0-9._-]{1,64} and not be . or ..");
    }
    String subject = subjects.of(credential.agentId(), instanceId);
    facts.put("instance", subject);
    var existing = context.instances().get(credential.agentId(), instanceId);
    if (existing.map(i -> i.status() != AgentInstanceRecord.Status.ACTIVE).orElse(false)
        || context.revocations().find(RevocationRecord.Kind.INSTANCE, subject).isPresent()) {
      throw new TokenError(Code.INVALID_GRANT, "instance '" + subject + "' is revoked and cannot enrol again");
    }

    DpopVerifier.Proof proof;
    try {
      proof = context.dpop().check(request.dpopProof(), request.method(), request.url(), null, null);
    } catch (GatewayException e) {
      throw new TokenError(Code.INVALID_DPOP_PROOF, e.error().message());
    }

    Instant now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    String outcome;
    if (existing.isEmpty()) {
      outcome = "enrolled";
      context.instances().put(new AgentInstanceRecord(instanceId, credential.agentId(), subject, proof.jkt(),
          proof.publicJwk(), AgentInstanceRecord.Status.ACTIVE, now, null, null));
    } else if (existing.get().jkt().equals(proof.jkt())) {
      outcome = "renewed";
    } else {
      outcome = "rotated";
      AgentInstanceRecord old = existing.get();
      context.instances().put(new AgentInstanceRecord(instanceId, old.agentId(), subject, proof.jkt(), proof.publicJwk(),
          AgentInstanceRecord.Status.ACTIVE, old.createdAt(), now, old.lastSeenAt()));
    }

    Instant expiresAt = TokenService.earliest(now.plus(context.delegation().instanceTokenTtl()), credential.expiresAt(),
        now.plus(context.settings().maxTokenTtl()));
    if (!expiresAt.isAfter(now)) throw new TokenError(Code.INVALID_GRANT, "subject_token expires within the second");
    IssuedToken token = minter.instanceToken(credential.agentId(), subject, proof.jkt(), now, expiresAt);
    return TokenService.response(token, now, facts, outcome);
  }

  /** The agent credential presented as subject token: ours, current, unbound, of an active, unrevoked agent. */
  private AccessTokenClaims credential(String token) {
    try {
      AccessTokenClaims claims = AccessTokenClaims.check(reader.read(token), context.settings(), subjects,
          context.clock().instant());
      if (claims.isBound()) throw Rejection.of("an instance token cannot enrol; present the agent credential");
      context.revocations().refuseRevoked(claims.tokenId(),
          List.of(new Delegation.Actor(claims.agentId(), claims.subject())), null, null, null);
      standing.agent(claims.agentId());
      return claims;
    } catch (GatewayException e) {
      throw TokenService.refusal(Code.INVALID_GRANT, "subject_token refused", e);
    }
  }

}
