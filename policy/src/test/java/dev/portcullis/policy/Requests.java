package dev.portcullis.policy;

import dev.portcullis.core.PolicyEngine.PolicyRequest;
import dev.portcullis.core.Principal;
import dev.portcullis.core.ToolDefinition;
import java.time.Instant;
import java.util.Map;

/** Builders for the principals, tools and requests the tests decide on. */
final class Requests {
  static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

  private Requests() {}

  static Principal agent(String id) {
    return new Principal(id, "spiffe://portcullis.test/agent/" + id, "alice", "jti-1", NOW.plusSeconds(300),
        Map.of("labels", Map.of("env", "prod", "team", "billing")));
  }

  static ToolDefinition tool(String name) {
    int dot = name.indexOf('.');
    return new ToolDefinition(name, name.substring(0, dot), name.substring(dot + 1), "sha256:00",
        Map.of("name", name.substring(dot + 1), "annotations", Map.of("destructiveHint", name.contains("delete"))));
  }

  static PolicyRequest call(String agent, String tool, Map<String, Object> args) {
    return new PolicyRequest("tools/call", agent(agent), tool(tool), args, Map.of(), NOW);
  }

  static PolicyRequest call(String agent, String tool) { return call(agent, tool, Map.of()); }

  static PolicyRequest listing(String agent, String tool) {
    return new PolicyRequest("tools/list", agent(agent), tool(tool), Map.of(), Map.of(), NOW);
  }

  static PolicyRequest method(String agent, String method) {
    return new PolicyRequest(method, agent(agent), null, Map.of(), Map.of(), NOW);
  }

  static CelPolicyEngine engine(String yaml) throws PolicyLoadException {
    return new CelPolicyEngine(PolicySet.parse("policy.yaml", yaml), java.util.List.of(), PolicyListener.NONE);
  }
}
