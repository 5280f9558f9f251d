package dev.portcullis.store;

import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.ToolRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records for store tests. */
final class StoreFixtures {
  static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456789Z");

  private StoreFixtures() {}

  static AgentRecord agent(String id) {
    return new AgentRecord(id, "team-" + id, "does " + id, AgentRecord.Status.ACTIVE,
        Map.of("team", "payments", "env", "prod"), T0, null);
  }

  static AgentInstanceRecord instance(String agentId, String id) {
    return new AgentInstanceRecord(id, agentId, "spiffe://portcullis.test/agent/" + agentId + "/i/" + id,
        "jkt-" + agentId + "-" + id, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"x-" + id + "\",\"y\":\"y\"}",
        AgentInstanceRecord.Status.ACTIVE, T0, null, null);
  }

  static ToolRecord tool(String name) {
    Map<String, Object> definition = Map.of(
        "name", "search",
        "inputSchema", Map.of("type", "object", "required", List.of("q"), "maxItems", 10),
        "weight", 0.5,
        "deprecated", false);
    return new ToolRecord(name, "github", "search", ToolRecord.Status.CHANGED, "sha256:aa", definition,
        "sha256:bb", Map.of("name", "search", "extra", true), "definition changed", "alice", T0);
  }

  static ApprovalRecord approval(String id, ApprovalRecord.Status status, Instant createdAt) {
    return new ApprovalRecord(id, "ex-" + id, "agent-1", "github.search", "sha256:cc",
        Map.of("q", "secret-query", "limit", 3, "nested", Map.of("k", List.of(1, 2))), "policy-7",
        "hold-writes", "writes need a human", status, createdAt, createdAt.plusSeconds(300), null, null, null);
  }
}
