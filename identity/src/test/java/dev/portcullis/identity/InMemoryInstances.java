package dev.portcullis.identity;

import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentInstanceRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An instance repository in a map, recording every touch. */
final class InMemoryInstances implements AgentInstanceRepository {
  private final Map<String, AgentInstanceRecord> instances = new TreeMap<>();
  final List<String> touches = new ArrayList<>();

  @Override
  public void put(AgentInstanceRecord instance) { instances.put(instance.agentId() + "/" + instance.id(), instance); }

  @Override
  public Optional<AgentInstanceRecord> get(String agentId, String instanceId) {
    return Optional.ofNullable(instances.get(agentId + "/" + instanceId));
  }

  @Override
  public List<AgentInstanceRecord> list(String agentId) {
    return instances.values().stream().filter(i -> i.agentId().equals(agentId)).toList();
  }

  @Override
  public List<AgentInstanceRecord> list() { return List.copyOf(instances.values()); }

  @Override
  public void touch(String agentId, String instanceId, Instant at) { touches.add(agentId + "/" + instanceId + "@" + at); }

  /** Marks an instance revoked, as an administrator would. */
  void revoke(String agentId, String instanceId) {
    var old = get(agentId, instanceId).orElseThrow();
    put(new AgentInstanceRecord(old.id(), old.agentId(), old.subject(), old.jkt(), old.publicJwk(),
        AgentInstanceRecord.Status.REVOKED, old.createdAt(), old.rotatedAt(), old.lastSeenAt()));
  }
}
