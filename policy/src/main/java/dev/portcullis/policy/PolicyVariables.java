package dev.portcullis.policy;

import com.google.protobuf.Timestamp;
import dev.cel.runtime.CelVariableResolver;
import dev.portcullis.core.PolicyEngine.PolicyRequest;
import dev.portcullis.core.Principal;
import dev.portcullis.core.ToolDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL variables of one request. Each variable is built on first use and kept, so a request
 * that only evaluates {@code args.x} never builds {@code agent} or {@code now}, and several rules
 * share one set of values.
 */
final class PolicyVariables implements CelVariableResolver {
  /** The error when a condition reads {@code now} of a request without a time. */
  static final String NO_TIME = "the request carries no time, so 'now' is unknown";

  private final PolicyRequest request;
  private Optional<Object> agent;
  private Optional<Object> tool;
  private Optional<Object> args;
  private Optional<Object> session;
  private Optional<Object> method;
  private Optional<Object> now;

  PolicyVariables(PolicyRequest request) { this.request = request; }

  @Override
  public Optional<Object> find(String name) {
    return switch (name) {
      case "agent" -> agent == null ? agent = Optional.of(agent(request.principal())) : agent;
      case "tool" -> tool == null ? tool = Optional.of(tool(request.tool())) : tool;
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

  private static Map<String, Object> tool(ToolDefinition t) {
    if (t == null) return Map.of("name", "", "upstream", "", "upstreamName", "", "annotations", Map.of());
    return Map.of("name", t.name(), "upstream", t.upstream(), "upstreamName", t.upstreamName(),
        "annotations", CelValues.adaptMap(t.annotations()));
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
