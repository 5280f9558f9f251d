package dev.portcullis.policy;

import com.google.protobuf.Timestamp;
import dev.cel.runtime.CelVariableResolver;
import dev.portcullis.core.ArgumentFlow;
import dev.portcullis.core.Delegation;
import dev.portcullis.core.PolicyEngine.PolicyRequest;
import dev.portcullis.core.Principal;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.ToolLabels;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL variables of one request. Each variable is built on first use and kept, so a request
 * that only evaluates {@code args.x} never builds {@code agent} or {@code now}, and several rules
 * share one set of values.
 *
 * <p>The tool's labels and the arguments' flow come from {@link CallLabels}. A request without a
 * tool (tools/list, protocol methods) has a tool of empty strings that is not consequential and
 * receives nothing; the flow of a request without arguments is empty.
 */
final class PolicyVariables implements CelVariableResolver {
  /** The error when a condition reads {@code now} of a request without a time. */
  static final String NO_TIME = "the request carries no time, so 'now' is unknown";

  private final PolicyRequest request;
  private final CallLabels labels;
  private Optional<Object> agent;
  private Optional<Object> tool;
  private Optional<Object> flow;
  private Optional<Object> delegation;
  private Optional<Object> args;
  private Optional<Object> session;
  private Optional<Object> method;
  private Optional<Object> now;

  PolicyVariables(PolicyRequest request, CallLabels labels) {
    this.request = request;
    this.labels = labels;
  }

  @Override
  public Optional<Object> find(String name) {
    return switch (name) {
      case "agent" -> agent == null ? agent = Optional.of(agent(request.principal())) : agent;
      case "tool" -> tool == null ? tool = Optional.of(tool(request.tool(), labels.tool())) : tool;
      case "flow" -> flow == null ? flow = Optional.of(flow(labels.flow(), labels.tool())) : flow;
      case "delegation" -> delegation == null ? delegation = Optional.of(delegation(request.principal())) : delegation;
      case "args" -> args == null ? args = Optional.of(map(request.arguments())) : args;
      case "session" -> session == null ? session = Optional.of(map(request.session())) : session;
      case "method" -> method == null ? method = Optional.of(request.method()) : method;
      case "now" -> now == null ? now = Optional.of(timestamp(request.time())) : now;
      default -> Optional.empty();
    };
  }

  private static Map<String, Object> agent(Principal p) {
    if (p == null) return Map.of("id", "", "subject", "", "owner", "", "labels", Map.of());
    Object labels = p.attributes().get("labels");
    return Map.of("id", p.agentId(), "subject", p.subject(), "owner", p.owner() == null ? "" : p.owner(),
        "labels", labels instanceof Map<?, ?> m ? stringMap(m) : Map.of());
  }

  private static Map<String, Object> delegation(Principal p) {
    Delegation d = p == null ? null : p.delegation();
    var m = new HashMap<String, Object>();
    m.put("delegated", d != null);
    m.put("user", d == null ? "" : d.user());
    m.put("user_issuer", d == null ? "" : d.userIssuer());
    m.put("agents", d == null ? List.of() : d.chain().stream().map(Delegation.Actor::agentId).toList());
    m.put("subjects", d == null ? List.of() : d.chain().stream().map(Delegation.Actor::subject).toList());
    m.put("depth", d == null ? 0L : (long) d.depth());
    m.put("txn", d == null ? "" : d.txn());
    m.put("task", d == null || d.task() == null ? "" : d.task());
    var tools = new java.util.ArrayList<String>();
    if (d != null) {
      for (Map<String, Object> grant : d.authorizationDetails()) {
        if (grant.get("tools") instanceof List<?> l) l.forEach(t -> { if (t instanceof String s) tools.add(s); });
      }
    }
    m.put("tools", List.copyOf(tools));
    return m;
  }

  private static Map<String, Object> tool(ToolDefinition t, ToolLabels l) {
    var m = new HashMap<String, Object>();
    m.put("name", t == null ? "" : t.name());
    m.put("upstream", t == null ? "" : t.upstream());
    m.put("upstreamName", t == null ? "" : t.upstreamName());
    m.put("annotations", t == null ? Map.of() : CelValues.adaptMap(t.annotations()));
    m.put("consequential", t != null && l.consequential());
    m.put("source", t == null ? "" : l.source());
    m.put("confidentiality", t == null ? "" : l.confidentiality());
    m.put("receives", t == null ? List.of() : l.receives().stream().sorted().toList());
    return m;
  }

  /**
   * The flow of a call. {@code untrusted_guarded_args} is computed here, not in a condition, since
   * the CEL environment has no macros to walk {@code arg_labels} against the tool's guarded names.
   */
  private static Map<String, Object> flow(ArgumentFlow f, ToolLabels tool) {
    var argLabels = new LinkedHashMap<String, List<String>>();
    f.argumentLabels().forEach((path, l) -> argLabels.put(path, l.stream().sorted().toList()));
    return Map.of("untrusted_args", f.untrustedArguments(), "untrusted_guarded_args", f.untrustedGuardedArguments(tool),
        "arg_labels", argLabels, "labels", List.copyOf(f.labels()));
  }

  private static Object map(Map<String, Object> m) { return m == null ? Map.of() : CelValues.adaptMap(m); }

  /** Labels are declared map(string, string): keep only entries that are strings on both sides. */
  private static Map<?, ?> stringMap(Map<?, ?> m) {
    for (var e : m.entrySet()) {
      if (!(e.getKey() instanceof String) || !(e.getValue() instanceof String)) {
        var copy = new HashMap<String, String>();
        m.forEach((k, v) -> { if (k instanceof String ks && v instanceof String vs) copy.put(ks, vs); });
        return copy;
      }
    }
    return m;
  }

  private static Timestamp timestamp(Instant t) {
    if (t == null) throw new IllegalStateException(NO_TIME);
    Instant i = t;
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
