package dev.portcullis.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of {@link AgentRecord}s. */
public interface AgentRepository {
  /** Inserts or replaces an agent. */
  void put(AgentRecord agent);

  /** The agent with this id. */
  Optional<AgentRecord> get(String id);

  /** All agents, by id. */
  List<AgentRecord> list();

  /** Records that the agent acted at this time. */
  void touch(String id, Instant at);
}
