package dev.portcullis.server;

import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.Decision;
import dev.portcullis.core.PolicyEngine;
import dev.portcullis.core.Principal;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.ToolRecord;
import dev.portcullis.mcp.Json;
import dev.portcullis.policy.CelPolicyEngine;
import dev.portcullis.policy.PolicyProblem;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API ({@code /admin/v1}) that the CLI and the console use: agents, their instances
 * and tokens, the inventory, revocations, tool vetting, approvals, kill switches, policy checks.
 * Every request needs the admin token; every change is written to the audit log before it is answered.
 */
final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final String BASE = "/admin/v1";
  private static final int MAX_TARGET_LENGTH = 512;
  private static final int MAX_REASON_LENGTH = 1024;

  private final Parts parts;
  private final ExecutorService workers;
  private final AdminToken token;

  AdminApi(Parts parts, ExecutorService workers, AdminToken token) {
    this.parts = parts;
    this.workers = workers;
    this.token = token;
  }

  void mount(Router router) {
    router.route(BASE + "/*").handler(ctx -> {
      if (token.matches(ctx.request().getHeader("Authorization"))) {
        ctx.next();
      } else {
        error(ctx, 401, "the admin API needs the admin token as a bearer token");
      }
    });
    router.route(BASE + "/*").handler(BodyHandler.create().setBodyLimit(1 << 20));
    get(router, "/agents", ctx -> Map.of("agents", parts.store().agents().list().stream().map(AdminJson::agent).toList()));
    post(router, "/agents", this::registerAgent);
    get(router, "/agents/:id", ctx -> AdminJson.agent(agent(ctx.pathParam("id"))));
    post(router, "/agents/:id/disable", ctx -> setAgentStatus(ctx, AgentRecord.Status.DISABLED));
    post(router, "/agents/:id/enable", ctx -> setAgentStatus(ctx, AgentRecord.Status.ACTIVE));
    post(router, "/agents/:id/tokens", this::issueToken);
    get(router, "/agents/:id/instances", ctx -> {
      AgentRecord a = agent(ctx.pathParam("id"));
      return Map.of("instances", parts.store().instances().list(a.id()).stream().map(AdminJson::instance).toList());
    });
    post(router, "/agents/:id/instances/:instance/revoke", this::revokeInstance);
    get(router, "/inventory", ctx -> inventory());
    get(router, "/revocations", ctx -> Map.of("revocations",
        parts.store().revocations().list().stream().map(AdminJson::revocation).toList()));
    post(router, "/revocations", this::revoke);
    get(router, "/tools", ctx -> Map.of("tools", parts.registry().list().stream().map(t -> AdminJson.tool(t, false)).toList()));
    post(router, "/tools/refresh", ctx -> refreshTools());
    get(router, "/tools/:name", ctx -> {
      ToolRecord t = tool(ctx.pathParam("name"));
      var view = new java.util.LinkedHashMap<>(AdminJson.tool(t, true));
      view.put("vetting", vetting(t));
      return view;
    });
    get(router, "/tools/:name/diff", ctx -> diff(ctx.pathParam("name")));
    post(router, "/tools/:name/approve", this::approveTool);
    post(router, "/tools/:name/disable", ctx -> {
      ToolRecord t = parts.registry().disable(ctx.pathParam("name"), by(ctx));
      audit("tool-disabled", Map.of("tool", t.name(), "by", by(ctx)));
      parts.resolver().invalidate();
      return AdminJson.tool(t, false);
    });
    get(router, "/approvals", ctx -> {
      String s = ctx.request().getParam("status");
      var status = s == null ? null : ApprovalRecord.Status.valueOf(s.toUpperCase(Locale.ROOT));
      return Map.of("approvals", parts.store().approvals().list(status).stream().map(AdminJson::approval).toList());
    });
    post(router, "/approvals/:id/approve", ctx -> decide(ctx, true));
    post(router, "/approvals/:id/deny", ctx -> decide(ctx, false));
    get(router, "/switches", ctx -> Map.of("switches", parts.switches().list().stream().map(AdminJson::killSwitch).toList()));
    post(router, "/switches", ctx -> {
      var body = body(ctx);
      var engaged = parts.switches().engage(str(body, "scope"), str(body, "target"), (String) body.get("reason"), by(ctx));
      audit("switch-engaged", AdminJson.killSwitch(engaged));
      return AdminJson.killSwitch(engaged);
    });
    router.delete(BASE + "/switches/:scope/:target").handler(ctx -> run(ctx, c -> {
      boolean released = parts.switches().release(c.pathParam("scope"), c.pathParam("target"));
      if (!released) throw new NoSuchElementException("no switch is engaged for " + c.pathParam("scope") + " " + c.pathParam("target"));
      audit("switch-released", Map.of("scope", c.pathParam("scope"), "target", c.pathParam("target"), "by", by(c)));
      return Map.of("released", true);
    }));
    post(router, "/policy/check", ctx -> {
      var body = body(ctx);
      List<PolicyProblem> problems = CelPolicyEngine.check(str(body, "name"), str(body, "text"));
      return Map.of("ok", problems.isEmpty(), "problems", problems.stream().map(AdminJson::problem).toList());
    });
    post(router, "/policy/explain", this::explain);
    mountVault(router);
    router.route(BASE + "/*").handler(ctx -> error(ctx, 404, "no admin endpoint " + ctx.request().method() + " " + ctx.request().path()));
  }

  private Object registerAgent(RoutingContext ctx) {
    var body = body(ctx);
    String id = str(body, "id");
    if (!id.matches("[a-z0-9][a-z0-9._-]{0,62}")) throw new IllegalArgumentException("agent id must match [a-z0-9][a-z0-9._-]*, was '" + id + "'");
    if (parts.store().agents().get(id).isPresent()) throw new Conflict("agent '" + id + "' is already registered");
    @SuppressWarnings("unchecked")
    Map<String, String> labels = body.get("labels") instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    var agent = new AgentRecord(id, str(body, "owner"), (String) body.getOrDefault("description", ""),
        AgentRecord.Status.ACTIVE, labels, parts.clock().instant(), null);
    parts.store().agents().put(agent);
    audit("agent-registered", Map.of("agent", id, "owner", agent.owner()));
    ctx.response().setStatusCode(201);
    return AdminJson.agent(agent);
  }

  private Object setAgentStatus(RoutingContext ctx, AgentRecord.Status status) {
    AgentRecord updated = putAgentStatus(agent(ctx.pathParam("id")), status);
    audit("agent-" + status.name().toLowerCase(Locale.ROOT), Map.of("agent", updated.id(), "by", by(ctx)));
    return AdminJson.agent(updated);
  }

  private AgentRecord putAgentStatus(AgentRecord a, AgentRecord.Status status) {
    var updated = new AgentRecord(a.id(), a.owner(), a.description(), status, a.labels(), a.createdAt(), a.lastSeenAt());
    parts.store().agents().put(updated);
    if (status == AgentRecord.Status.DISABLED) parts.sessions().endAgent(a.id());
    return updated;
  }

  /*
   * The inventory answers "which agents exist, who owns them, what may they do, when did each last
   * act". What an agent may do is asked of policy exactly as tools/list asks it (AuthorizeStage):
   * first whether the agent may list tools at all, then, for each approved tool, whether it may see
   * it. Tools that are not approved do not exist for agents, so they are never listed here.
   */
  private Object inventory() {
    List<ToolDefinition> approved = parts.registry().list().stream()
        .filter(t -> t.status() == ToolRecord.Status.APPROVED && t.upstream() != null && t.upstreamName() != null
            && t.digest() != null && t.definition() != null)
        .map(t -> new ToolDefinition(t.name(), t.upstream(), t.upstreamName(), t.digest(), t.definition()))
        .toList();
    var instancesByAgent = new LinkedHashMap<String, List<AgentInstanceRecord>>();
    for (AgentInstanceRecord i : parts.store().instances().list()) {
      instancesByAgent.computeIfAbsent(i.agentId(), id -> new ArrayList<>()).add(i);
    }
    Instant now = parts.clock().instant();
    var agents = new ArrayList<Map<String, Object>>();
    for (AgentRecord a : parts.store().agents().list()) {
      agents.add(AdminJson.inventoryEntry(a, instancesByAgent.getOrDefault(a.id(), List.of()), mayCall(a, approved, now)));
    }
    return Map.of("agents", agents);
  }

  private List<String> mayCall(AgentRecord agent, List<ToolDefinition> approved, Instant now) {
    Principal principal = principal(agent, "inventory");
    var list = new PolicyEngine.PolicyRequest("tools/list", principal, null, Map.of(), Map.of(), now);
    if (parts.policy().decide(list).effect() == Decision.Effect.DENY) return List.of();
    var tools = new ArrayList<String>();
    for (ToolDefinition tool : approved) {
      var probe = new PolicyEngine.PolicyRequest("tools/list", principal, tool, Map.of(), Map.of(), now);
      if (parts.policy().mayList(probe)) tools.add(tool.name());
    }
    return tools;
  }

  private Object revokeInstance(RoutingContext ctx) {
    AgentRecord a = agent(ctx.pathParam("id"));
    String id = ctx.pathParam("instance");
    AgentInstanceRecord instance = parts.store().instances().get(a.id(), id)
        .orElseThrow(() -> new NoSuchElementException("agent '" + a.id() + "' has no instance '" + id + "'"));
    String reason = reason(body(ctx));
    AgentInstanceRecord revoked = revoked(instance);
    parts.store().instances().put(revoked);
    RevocationRecord kept = addRevocation(RevocationRecord.Kind.INSTANCE, instance.subject(), reason, by(ctx));
    var fields = revocationFields(kept, reason, by(ctx));
    fields.put("agent", a.id());
    fields.put("instance", id);
    audit("revoked", fields);
    return AdminJson.instance(revoked);
  }

  /*
   * The revocation is stored first: it is what refuses the target's tokens, so if a later step
   * fails the target is already shut out. Agents and instances also get their status changed, so
   * the inventory and the token checks that read status agree with the revocation list.
   */
  private Object revoke(RoutingContext ctx) {
    var body = body(ctx);
    RevocationRecord.Kind kind = kind(str(body, "kind"));
    String target = target(kind, str(body, "target"));
    String reason = reason(body);
    AgentRecord agent = kind == RevocationRecord.Kind.AGENT ? agent(target) : null;
    AgentInstanceRecord instance = kind == RevocationRecord.Kind.INSTANCE ? instanceWithSubject(target) : null;
    boolean existed = findRevocation(kind, target).isPresent();
    RevocationRecord kept = addRevocation(kind, target, reason, by(ctx));
    if (agent != null && agent.status() != AgentRecord.Status.DISABLED) putAgentStatus(agent, AgentRecord.Status.DISABLED);
    if (instance != null && instance.status() != AgentInstanceRecord.Status.REVOKED) {
      parts.store().instances().put(revoked(instance));
    }
    audit("revoked", revocationFields(kept, reason, by(ctx)));
    ctx.response().setStatusCode(existed ? 200 : 201);
    return AdminJson.revocation(kept);
  }

  /** Adds a revocation and returns the one kept: this one, or the first of its kind and target. */
  private RevocationRecord addRevocation(RevocationRecord.Kind kind, String target, String reason, String by) {
    // Through the revocation list, so the target's next call on this replica is already refused.
    parts.revocations().revoke(new RevocationRecord(kind, target, reason, by, parts.clock().instant()));
    return findRevocation(kind, target)
        .orElseThrow(() -> new IllegalStateException("the revocation was not found after it was stored"));
  }

  private Optional<RevocationRecord> findRevocation(RevocationRecord.Kind kind, String target) {
    return parts.store().revocations().list().stream()
        .filter(r -> r.kind() == kind && r.target().equals(target)).findFirst();
  }

  private AgentInstanceRecord instanceWithSubject(String subject) {
    return parts.store().instances().list().stream().filter(i -> i.subject().equals(subject)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no agent instance has the subject given as target"));
  }

  private static AgentInstanceRecord revoked(AgentInstanceRecord i) {
    return new AgentInstanceRecord(i.id(), i.agentId(), i.subject(), i.jkt(), i.publicJwk(),
        AgentInstanceRecord.Status.REVOKED, i.createdAt(), i.rotatedAt(), i.lastSeenAt());
  }

  private static Map<String, Object> revocationFields(RevocationRecord kept, String reason, String by) {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("kind", kept.kind().name().toLowerCase(Locale.ROOT));
    fields.put("target", kept.target());
    fields.put("reason", reason);
    fields.put("by", by);
    fields.put("revokedAt", kept.revokedAt().toString());
    return fields;
  }

  private static RevocationRecord.Kind kind(String value) {
    for (RevocationRecord.Kind kind : RevocationRecord.Kind.values()) {
      if (kind.name().equalsIgnoreCase(value)) return kind;
    }
    throw new IllegalArgumentException("'kind' must be one of " + Arrays.stream(RevocationRecord.Kind.values())
        .map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
  }

  /*
   * Targets are checked for their shape, and a refused target is never echoed: an operator who
   * pastes a whole token where its id belongs must not see it copied into an answer or a log.
   */
  private static String target(RevocationRecord.Kind kind, String target) {
    if (target.length() > MAX_TARGET_LENGTH || target.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("'target' must be at most " + MAX_TARGET_LENGTH
          + " characters without control characters");
    }
    boolean ok = switch (kind) {
      case AGENT -> target.matches("[a-z0-9][a-z0-9._-]{0,62}");
      case INSTANCE -> target.startsWith("spiffe://") && !target.contains(" ");
      case USER -> target.indexOf('#') > 0 && target.indexOf('#') < target.length() - 1;
      case TOKEN -> target.matches("[A-Za-z0-9_-]{1,128}");
      case TASK, TXN -> !target.isBlank();
    };
    if (!ok) {
      throw new IllegalArgumentException(switch (kind) {
        case AGENT -> "an agent is revoked by its id ([a-z0-9][a-z0-9._-]*)";
        case INSTANCE -> "an instance is revoked by its subject (spiffe://<trust-domain>/agent/<agent>/i/<instance>)";
        case USER -> "a user is revoked as <issuer>#<subject>";
        case TOKEN -> "a token is revoked by its id (jti), never by its value";
        case TASK, TXN -> "'target' is required";
      });
    }
    return target;
  }

  private static String reason(Map<String, Object> body) {
    Object reason = body.get("reason");
    if (reason == null) return null;
    if (!(reason instanceof String s)) throw new IllegalArgumentException("'reason' must be a string");
    if (s.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("'reason' must be at most " + MAX_REASON_LENGTH + " characters");
    }
    return s.isBlank() ? null : s;
  }

  private Object issueToken(RoutingContext ctx) {
    AgentRecord a = agent(ctx.pathParam("id"));
    var body = body(ctx);
    Duration ttl = body.get("ttl") instanceof String s ? Durations.parse(s) : parts.config().identity().tokenTtl();
    var issued = parts.issuer().issue(a, ttl);
    audit("token-issued", Map.of("agent", a.id(), "tokenId", issued.tokenId(), "expiresAt", issued.expiresAt().toString()));
    return Map.of("token", issued.token(), "tokenType", "Bearer", "expiresAt", issued.expiresAt().toString(),
        "tokenId", issued.tokenId());
  }

  private Object refreshTools() {
    parts.resolver().invalidate();
    for (var server : parts.config().servers()) parts.resolver().refresh(server.name());
    return Map.of("tools", parts.registry().list().stream().map(t -> AdminJson.tool(t, false)).toList());
  }

  private Object diff(String name) {
    ToolRecord t = tool(name);
    var result = new LinkedHashMap<String, Object>();
    result.put("name", t.name());
    result.put("approvedDigest", t.digest());
    result.put("offeredDigest", t.observedDigest());
    result.put("differences", parts.registry().diff(name).stream().map(d -> {
      var m = new LinkedHashMap<String, Object>();
      m.put("field", d.field());
      m.put("approved", d.approved());
      m.put("offered", d.offered());
      return m;
    }).toList());
    return result;
  }

  private Object approveTool(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    var body = body(ctx);
    ToolRecord t;
    try {
      t = parts.registry().approve(name, str(body, "digest"), by(ctx));
    } catch (IllegalStateException e) {
      throw new Conflict(e.getMessage());
    }
    var fields = new java.util.LinkedHashMap<String, Object>(Map.of("tool", name, "digest", t.digest(), "by", by(ctx)));
    List<Map<String, Object>> findings = vetting(t);
    // Approving over poisoning findings is the approver's call, and the record says they made it.
    if (!findings.isEmpty()) fields.put("approvedDespite", findings.stream().map(f -> f.get("rule")).distinct().toList());
    audit("tool-approved", fields);
    parts.resolver().invalidate();
    return AdminJson.tool(t, false);
  }

  /**
   * What the tool-description scanner finds in the definition on offer (the one an approval would
   * pin): hidden instructions, references to other tools, sensitive paths. Rule ids and places
   * only, never the text.
   */
  private List<Map<String, Object>> vetting(ToolRecord t) {
    Map<String, Object> definition = t.observedDefinition() != null ? t.observedDefinition() : t.definition();
    if (definition == null) return List.of();
    var others = parts.registry().list().stream().filter(o -> !o.name().equals(t.name()))
        .map(ToolRecord::upstreamName).distinct().toList();
    var scanner = parts.firewall() != null ? parts.firewall().toolDescriptions() : new dev.portcullis.firewall.ToolDescriptionScanner();
    return scanner.scan(definition, others).hits().stream().map(h -> {
      Map<String, Object> f = new java.util.LinkedHashMap<>();
      f.put("category", h.finding().category().label());
      f.put("rule", h.finding().ruleId());
      f.put("path", h.path());
      return f;
    }).toList();
  }

  private Object decide(RoutingContext ctx, boolean approve) {
    String id = ctx.pathParam("id");
    var body = body(ctx);
    String comment = (String) body.get("comment");
    ApprovalRecord r;
    try {
      r = approve ? parts.approvals().approve(id, by(ctx), comment) : parts.approvals().deny(id, by(ctx), comment);
    } catch (IllegalStateException e) {
      throw new Conflict(e.getMessage());
    }
    audit(approve ? "approval-granted" : "approval-denied", Map.of("approval", id, "by", by(ctx), "tool", r.tool(), "agent", r.agentId()));
    return AdminJson.approval(r);
  }

  @SuppressWarnings("unchecked")
  private Object explain(RoutingContext ctx) {
    var body = body(ctx);
    AgentRecord a = agent(str(body, "agent"));
    String toolName = str(body, "tool");
    ToolRecord t = tool(toolName);
    Map<String, Object> definition = t.definition() != null ? t.definition() : t.observedDefinition() != null ? t.observedDefinition() : Map.of();
    var tool = new ToolDefinition(t.name(), t.upstream(), t.upstreamName(), t.digest() == null ? "none" : t.digest(), definition);
    var principal = principal(a, "explain");
    Map<String, Object> args = body.get("arguments") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    var request = new PolicyEngine.PolicyRequest("tools/call", principal, tool, args, Map.of(), parts.clock().instant());
    var decision = parts.policy().decide(request);
    var d = new LinkedHashMap<String, Object>();
    d.put("effect", decision.effect().name().toLowerCase(Locale.ROOT));
    d.put("rule", decision.rule());
    d.put("reason", decision.reason());
    d.put("policyVersion", decision.policyVersion());
    return Map.of("decision", d, "trace", parts.policy().trace(request).stream().map(AdminJson::trace).toList());
  }

  /** The caller policy would see for an agent's own token (the attributes AgentTokenVerifier gives). */
  private Principal principal(AgentRecord a, String tokenId) {
    return new Principal(a.id(), "spiffe://" + parts.config().identity().trustDomain() + "/agent/" + a.id(), a.owner(),
        tokenId, parts.clock().instant(),
        Map.of("labels", a.labels(), "description", a.description() == null ? "" : a.description()));
  }

  private AgentRecord agent(String id) {
    return parts.store().agents().get(id).orElseThrow(() -> new NoSuchElementException("no agent '" + id + "'"));
  }

  /**
   * The vault's endpoints. Secrets can be written, listed and deleted but never read back through
   * the API; every change is audited with the path or lease id, never a value.
   */
  private void mountVault(Router router) {
    VaultAdmin vault = new VaultAdmin(parts.vault(), parts.leases());
    get(router, "/vault", ctx -> vault.status());
    post(router, "/vault/unseal", ctx -> {
      var result = vault.unseal(str(body(ctx), "keyset"));
      audit("vault-unsealed", Map.of("by", by(ctx), "keyIds", result.get("keyIds")));
      return result;
    });
    post(router, "/vault/rewrap", ctx -> {
      var result = vault.rewrap();
      audit("vault-rewrapped", Map.of("by", by(ctx), "rewrapped", result.get("rewrapped")));
      return result;
    });
    get(router, "/secrets", ctx -> vault.secrets(ctx.request().getParam("prefix")));
    router.put(BASE + "/secrets/*").handler(ctx -> run(ctx, c -> {
      String path = c.pathParam("*");
      var result = vault.putSecret(path, str(body(c), "value"));
      audit("secret-written", Map.of("path", path, "version", result.get("version"), "by", by(c)));
      return result;
    }));
    router.delete(BASE + "/secrets/*").handler(ctx -> run(ctx, c -> {
      String path = c.pathParam("*");
      var result = vault.deleteSecret(path);
      audit("secret-deleted", Map.of("path", path, "by", by(c)));
      return result;
    }));
    get(router, "/leases", ctx -> {
      var filter = new LinkedHashMap<String, String>();
      ctx.queryParams().forEach(e -> filter.put(e.getKey(), e.getValue()));
      return vault.leases(filter);
    });
    get(router, "/leases/failed", ctx -> vault.failed());
    post(router, "/leases/renew", ctx -> {
      var body = body(ctx);
      String id = str(body, "id");
      var result = vault.renew(id, Durations.parse(str(body, "increment")));
      audit("lease-renewed-by-admin", Map.of("lease", id, "by", by(ctx)));
      return result;
    });
    post(router, "/leases/revoke", ctx -> {
      var body = body(ctx);
      var result = vault.revoke(body, by(ctx));
      var fields = new LinkedHashMap<String, Object>(result);
      fields.put("by", by(ctx));
      audit("leases-revoked-by-admin", fields);
      return result;
    });
  }


  private ToolRecord tool(String name) {
    return parts.registry().get(name).orElseThrow(() -> new NoSuchElementException("no tool '" + name + "' has been seen"));
  }

  private void audit(String type, Map<String, Object> fields) {
    try {
      parts.audit().append(new AuditRecord("admin." + type, parts.clock().instant(), null, fields));
    } catch (dev.portcullis.core.AuditLog.AuditException e) {
      throw new IllegalStateException("audit log unavailable: the change was made but could not be recorded", e);
    }
  }

  private static String by(RoutingContext ctx) {
    Object by = body(ctx).get("by");
    return by instanceof String s && !s.isBlank() ? s : "admin";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(RoutingContext ctx) {
    Buffer b = ctx.body() == null ? null : ctx.body().buffer();
    if (b == null || b.length() == 0) return Map.of();
    try {
      Object v = Json.parse(b.getBytes());
      if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
    } catch (IOException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("the body must be a JSON object");
  }

  private static String str(Map<String, Object> body, String key) {
    if (body.get(key) instanceof String s && !s.isBlank()) return s;
    throw new IllegalArgumentException("'" + key + "' is required");
  }

  private void get(Router router, String path, Function<RoutingContext, Object> handler) {
    router.get(BASE + path).handler(ctx -> run(ctx, handler));
  }

  private void post(Router router, String path, Function<RoutingContext, Object> handler) {
    router.post(BASE + path).handler(ctx -> run(ctx, handler));
  }

  private void run(RoutingContext ctx, Function<RoutingContext, Object> handler) {
    workers.execute(() -> {
      try {
        Object result = handler.apply(ctx);
        int status = ctx.response().getStatusCode() == 0 ? 200 : ctx.response().getStatusCode();
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.bytes(result)));
      } catch (dev.portcullis.vault.VaultException e) {
        error(ctx, vaultStatus(e), e.getMessage());
      } catch (NoSuchElementException e) {
        error(ctx, 404, e.getMessage());
      } catch (Conflict e) {
        error(ctx, 409, e.getMessage());
      } catch (IllegalArgumentException e) {
        error(ctx, 400, e.getMessage());
      } catch (RuntimeException | LinkageError e) {
        // A linkage error (a class that failed to initialise) must still answer, or the client waits forever.
        LOG.error("admin request {} {} failed", ctx.request().method(), ctx.request().path(), e);
        error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
      }
    });
  }

  /** The status of a vault refusal; its message names paths, leases and key ids, never a secret. */
  private static int vaultStatus(dev.portcullis.vault.VaultException e) {
    return switch (e.reason()) {
      case NOT_FOUND -> 404;
      case REFUSED, WRONG_KEY, TAMPERED -> 400;
      case SEALED, BACKEND_FAILED -> 409;
    };
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(Json.bytes(Map.of("error", Map.of("status", status, "message", message)))));
  }

  /** A request that conflicts with the current state (409). */
  private static final class Conflict extends RuntimeException {
    Conflict(String message) { super(message); }
  }
}
