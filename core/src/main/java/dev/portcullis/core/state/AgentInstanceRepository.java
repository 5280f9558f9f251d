package dev.portcullis.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of {@link AgentInstanceRecord}s. */
public interface AgentInstanceRepository {
  /** Inserts or replaces an instance (keyed by agent id and instance id). */
  void put(AgentInstanceRecord instance);

  /** The instance of {@code agentId} with this id. */
  Optional<AgentInstanceRecord> get(String agentId, String instanceId);

  /** The instances of one agent, by id. */
  List<AgentInstanceRecord> list(String agentId);

  /** All instances, by agent and id. */
  List<AgentInstanceRecord> list();

  /** Records that the instance acted at this time. */
  void touch(String agentId, String instanceId, Instant at);
}
