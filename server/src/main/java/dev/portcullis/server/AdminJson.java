package dev.portcullis.server;

import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.KillSwitch;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.ToolRecord;
import dev.portcullis.policy.PolicyProblem;
import dev.portcullis.policy.RuleTrace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the admin API. */
final class AdminJson {
  private AdminJson() {}

  static Map<String, Object> agent(AgentRecord a) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", a.id());
    m.put("owner", a.owner());
    m.put("description", a.description());
    m.put("status", lower(a.status()));
    m.put("labels", a.labels());
    m.put("createdAt", text(a.createdAt()));
    m.put("lastSeenAt", text(a.lastSeenAt()));
    return m;
  }

  /** An agent in the inventory: the agent, its instances, and the tools its policy lets it call. */
  static Map<String, Object> inventoryEntry(AgentRecord a, List<AgentInstanceRecord> instances, List<String> tools) {
    var m = agent(a);
    m.put("instances", instances.stream().map(AdminJson::instance).toList());
    m.put("tools", List.copyOf(tools));
    return m;
  }

  /** An agent instance; its public key stays out (the thumbprint names it). */
  static Map<String, Object> instance(AgentInstanceRecord i) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", i.id());
    m.put("subject", i.subject());
    m.put("jkt", i.jkt());
    m.put("status", lower(i.status()));
    m.put("createdAt", text(i.createdAt()));
    m.put("rotatedAt", text(i.rotatedAt()));
    m.put("lastSeenAt", text(i.lastSeenAt()));
    return m;
  }

  static Map<String, Object> revocation(RevocationRecord r) {
    var m = new LinkedHashMap<String, Object>();
    m.put("kind", lower(r.kind()));
    m.put("target", r.target());
    m.put("reason", r.reason());
    m.put("revokedBy", r.revokedBy());
    m.put("revokedAt", text(r.revokedAt()));
    return m;
  }

  static Map<String, Object> tool(ToolRecord t, boolean withDefinitions) {
    var m = new LinkedHashMap<String, Object>();
    m.put("name", t.name());
    m.put("upstream", t.upstream());
    m.put("upstreamName", t.upstreamName());
    m.put("status", lower(t.status()));
    m.put("digest", t.digest());
    m.put("observedDigest", t.observedDigest());
    m.put("note", t.note());
    m.put("approvedBy", t.approvedBy());
    m.put("updatedAt", text(t.updatedAt()));
    if (withDefinitions) {
      m.put("definition", t.definition());
      m.put("observedDefinition", t.observedDefinition());
    }
    return m;
  }

  static Map<String, Object> approval(ApprovalRecord a) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", a.id());
    m.put("exchangeId", a.exchangeId());
    m.put("agentId", a.agentId());
    m.put("tool", a.tool());
    m.put("argsDigest", a.argsDigest());
    m.put("arguments", a.arguments());
    m.put("policyVersion", a.policyVersion());
    m.put("rule", a.rule());
    m.put("reason", a.reason());
    m.put("status", lower(a.status()));
    m.put("createdAt", text(a.createdAt()));
    m.put("expiresAt", text(a.expiresAt()));
    m.put("decidedBy", a.decidedBy());
    m.put("decidedAt", text(a.decidedAt()));
    m.put("comment", a.comment());
    return m;
  }

  static Map<String, Object> killSwitch(KillSwitch s) {
    var m = new LinkedHashMap<String, Object>();
    m.put("scope", s.scope());
    m.put("target", s.target());
    m.put("reason", s.reason());
    m.put("by", s.by());
    m.put("at", text(s.at()));
    return m;
  }

  static Map<String, Object> problem(PolicyProblem p) {
    return Map.of("file", p.file(), "line", p.line(), "column", p.column(), "message", p.message());
  }

  static Map<String, Object> trace(RuleTrace t) {
    var m = new LinkedHashMap<String, Object>();
    m.put("rule", t.rule());
    m.put("effect", lower(t.effect()));
    m.put("targetMatched", t.targetMatched());
    m.put("condition", t.condition() == null ? null : lower(t.condition()));
    m.put("applies", t.applies());
    m.put("detail", t.detail());
    return m;
  }

  private static String lower(Enum<?> e) { return e == null ? null : e.name().toLowerCase(Locale.ROOT).replace('_', '-'); }

  private static String text(Instant i) { return i == null ? null : i.toString(); }
}
