package dev.portcullis.identity;

import dev.portcullis.core.state.AgentInstanceRepository;
import dev.portcullis.core.state.AgentRepository;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What the caller verifier and the token service share: the settings, the gateway's keys, the
 * agents and instances it knows, the revocations in force, the DPoP verifier (one replay cache
 * for every proof the gateway sees) and the clock.
 *
 * @param settings    issuer, resource, trust domain and token limits
 * @param delegation  instance and delegation lifetimes, chain depth, proof window
 * @param keys        the gateway's signing keys
 * @param agents      the registered agents
 * @param instances   the enrolled agent instances
 * @param revocations the revocations in force
 * @param dpop        the DPoP proof verifier
 * @param clock       the time
 */
public record IdentityContext(IdentitySettings settings, DelegationSettings delegation, SigningKeys keys,
                              AgentRepository agents, AgentInstanceRepository instances, RevocationList revocations,
                              DpopVerifier dpop, InstantSource clock) {
  public IdentityContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(delegation, "delegation");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(agents, "agents");
    Objects.requireNonNull(instances, "instances");
    Objects.requireNonNull(revocations, "revocations");
    Objects.requireNonNull(dpop, "dpop");
    Objects.requireNonNull(clock, "clock");
  }

  /** A context with a DPoP verifier made from {@code delegation} and {@code clock}. */
  public IdentityContext(IdentitySettings settings, DelegationSettings delegation, SigningKeys keys,
                         AgentRepository agents, AgentInstanceRepository instances, RevocationList revocations,
                         InstantSource clock) {
    this(settings, delegation, keys, agents, instances, revocations, new DpopVerifier(delegation, clock), clock);
  }
}
