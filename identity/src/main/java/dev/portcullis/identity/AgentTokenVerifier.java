package dev.portcullis.identity;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Principal;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.AgentRepository;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies the access tokens Portcullis issued to agents and turns them into the {@link Principal}
 * of an exchange.
 *
 * <p>A token passes when its structure, header and ES256 signature are sound ({@link SignedTokenReader}),
 * its claims are ours and current ({@link AccessTokenClaims}), and the agent it names is registered
 * and active at this moment — so disabling an agent takes effect on its next call, whatever its
 * token's expiry. Every refusal is a {@link GatewayException} carrying
 * {@link GatewayError.Unauthenticated} with a fixed reason that never contains the token or a
 * claim value other than the agent id.
 *
 * <p>This verifier knows bearer tokens only: an instance token (bound to a key) is refused here,
 * since it is worthless without its proof of possession. {@link CallerVerifier} takes every kind
 * of token, with proofs, delegation and revocation.
 */
public final class AgentTokenVerifier {
  private final IdentitySettings settings;
  private final AgentRepository agents;
  private final InstantSource clock;
  private final AgentSubject subjects;
  private final SignedTokenReader reader;

  /** A verifier accepting tokens signed by any key of {@code keys} and naming agents in {@code agents}. */
  public AgentTokenVerifier(IdentitySettings settings, SigningKeys keys, AgentRepository agents, InstantSource clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.agents = Objects.requireNonNull(agents, "agents");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.subjects = new AgentSubject(settings.trustDomain());
    this.reader = new SignedTokenReader(keys, AgentTokenIssuer.TOKEN_TYPE);
  }

  /**
   * The principal a bearer token authenticates.
   *
   * @param bearerToken the token from the {@code Authorization: Bearer} header, without the scheme
   * @throws GatewayException with {@link GatewayError.Unauthenticated} when the token is refused
   */
  public Principal verify(String bearerToken) {
    Map<String, Object> claims = reader.read(bearerToken);
    AccessTokenClaims checked = AccessTokenClaims.check(claims, settings, subjects, clock.instant());
    if (checked.isBound()) throw Rejection.of("token is bound to a key (cnf.jkt); a DPoP proof is required");
    AgentRecord agent = agents.get(checked.agentId())
        .orElseThrow(() -> Rejection.of("agent '" + checked.agentId() + "' is not registered"));
    if (agent.status() != AgentRecord.Status.ACTIVE) {
      throw Rejection.of("agent '" + checked.agentId() + "' is disabled");
    }
    return principal(checked, agent);
  }

  private static Principal principal(AccessTokenClaims claims, AgentRecord agent) {
    Map<String, Object> attributes = Map.of(
        "labels", agent.labels(),
        "description", agent.description() == null ? "" : agent.description());
    return new Principal(agent.id(), claims.subject(), agent.owner(), claims.tokenId(), claims.expiresAt(), attributes);
  }
}
