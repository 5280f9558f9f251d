package dev.portcullis.identity;

import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.AgentRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An agent repository in a map, recording every touch. */
final class InMemoryAgents implements AgentRepository {
  private final Map<String, AgentRecord> agents = new TreeMap<>();
  final List<Instant> touches = new ArrayList<>();

  static AgentRecord agent(String id, AgentRecord.Status status) {
    return new AgentRecord(id, "alice@example.com", "reconciles invoices", status,
        Map.of("team", "finance", "env", "prod"), TestClock.START.minusSeconds(86_400), null);
  }

  @Override
  public void put(AgentRecord agent) { agents.put(agent.id(), agent); }

  @Override
  public Optional<AgentRecord> get(String id) { return Optional.ofNullable(agents.get(id)); }

  @Override
  public List<AgentRecord> list() { return List.copyOf(agents.values()); }

  @Override
  public void touch(String id, Instant at) { touches.add(at); }
}
