package dev.portcullis.server;

import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.PolicyEngine;
import dev.portcullis.core.Principal;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.ApprovalRecord;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API ({@code /admin/v1}) that the CLI and the console use: agents and their
 * tokens, tool vetting, approvals, kill switches, policy checks. Every request needs the admin
 * token; every change is written to the audit log before it is answered.
 */
final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final String BASE = "/admin/v1";

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
    get(router, "/tools", ctx -> Map.of("tools", parts.registry().list().stream().map(t -> AdminJson.tool(t, false)).toList()));
    post(router, "/tools/refresh", ctx -> refreshTools());
    get(router, "/tools/:name", ctx -> AdminJson.tool(tool(ctx.pathParam("name")), true));
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
    AgentRecord a = agent(ctx.pathParam("id"));
    var updated = new AgentRecord(a.id(), a.owner(), a.description(), status, a.labels(), a.createdAt(), a.lastSeenAt());
    parts.store().agents().put(updated);
    if (status == AgentRecord.Status.DISABLED) parts.sessions().endAgent(a.id());
    audit("agent-" + status.name().toLowerCase(Locale.ROOT), Map.of("agent", a.id(), "by", by(ctx)));
    return AdminJson.agent(updated);
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
    audit("tool-approved", Map.of("tool", name, "digest", t.digest(), "by", by(ctx)));
    parts.resolver().invalidate();
    return AdminJson.tool(t, false);
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
    var principal = new Principal(a.id(), "spiffe://" + parts.config().identity().trustDomain() + "/agent/" + a.id(), a.owner(),
        "explain", parts.clock().instant(), Map.of("labels", a.labels()));
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

  private AgentRecord agent(String id) {
    return parts.store().agents().get(id).orElseThrow(() -> new NoSuchElementException("no agent '" + id + "'"));
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
      } catch (NoSuchElementException e) {
        error(ctx, 404, e.getMessage());
      } catch (Conflict e) {
        error(ctx, 409, e.getMessage());
      } catch (IllegalArgumentException e) {
        error(ctx, 400, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("admin request {} {} failed", ctx.request().method(), ctx.request().path(), e);
        error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
      }
    });
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
