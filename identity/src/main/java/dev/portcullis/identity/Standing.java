package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentInstanceRepository;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.AgentRepository;
import java.util.List;
import java.util.Objects;

/**
 * Whether the agents and instances a token names may act now: every agent registered and active,
 * every instance enrolled and active. Looked up on every use, so that disabling an agent or
 * revoking an instance takes effect on the next call, whatever the token's expiry.
 */
final class Standing {
  private final AgentRepository agents;
  private final AgentInstanceRepository instances;
  private final AgentSubject subjects;

  Standing(AgentRepository agents, AgentInstanceRepository instances, AgentSubject subjects) {
    this.agents = Objects.requireNonNull(agents, "agents");
    this.instances = Objects.requireNonNull(instances, "instances");
    this.subjects = Objects.requireNonNull(subjects, "subjects");
  }

  /** The agent, registered and active. */
  AgentRecord agent(String agentId) {
    AgentRecord agent = agents.get(agentId)
        .orElseThrow(() -> Rejection.of("agent '" + agentId + "' is not registered"));
    if (agent.status() != AgentRecord.Status.ACTIVE) throw Rejection.of("agent '" + agentId + "' is disabled");
    return agent;
  }

  /** The instance, enrolled and active. */
  AgentInstanceRecord instance(String agentId, String instanceId) {
    AgentInstanceRecord instance = instances.get(agentId, instanceId)
        .orElseThrow(() -> Rejection.of("an instance of agent '" + agentId + "' is not enrolled"));
    if (instance.status() != AgentInstanceRecord.Status.ACTIVE) {
      throw Rejection.of("an instance of agent '" + agentId + "' is revoked");
    }
    return instance;
  }

  /** Checks every actor of a chain and returns the record of the outermost one's agent. */
  AgentRecord chain(List<Delegation.Actor> chain) {
    AgentRecord outermost = null;
    for (Delegation.Actor actor : chain) {
      AgentRecord agent = agent(actor.agentId());
      var name = subjects.instance(actor.subject())
          .orElseThrow(() -> Rejection.of("actor of agent '" + actor.agentId() + "' is not an instance"));
      instance(name.agentId(), name.instanceId());
      if (outermost == null) outermost = agent;
    }
    if (outermost == null) throw Rejection.of("token has no actor (act)");
    return outermost;
  }
}
