package dev.portcullis.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.portcullis.core.ArgumentFlow;
import dev.portcullis.core.Exchange;
import dev.portcullis.firewall.Action;
import dev.portcullis.firewall.Direction;
import dev.portcullis.firewall.Firewall;
import dev.portcullis.firewall.Inspection;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.ToolLabels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks tools/call arguments against the input schema of the vetted tool definition (stage 5),
 * so policy reasons about well-formed arguments and the upstream receives nothing the approver did
 * not see described. Schemas are compiled once per pinned digest. A schema that refers to anything
 * outside itself ({@code $ref} not starting with {@code #}) is never fetched: the call is refused.
 * With the firewall on, the arguments are also scanned for secrets, personal data and exfiltration;
 * the categories found label the arguments for policy, except the guarded arguments of a tool whose
 * operator named them ({@link ToolLabels#guarded}), which are destinations rather than content.
 */
final class InspectRequestStage implements Stage {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final int MAX_REPORTED = 5;

  /** Left for the hold step when the firewall wants a human to look at the arguments. */
  static final Exchange.Key<String> FIREWALL_HOLD = Exchange.Key.of("firewall-hold", String.class);

  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
  private final Firewall firewall;

  /** @param firewall the content firewall, or {@code null} when inspection is switched off */
  InspectRequestStage(Firewall firewall) { this.firewall = firewall; }

  @Override
  public String name() { return "inspect-request"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    ToolDefinition tool = exchange.tool();
    if (tool != null && "tools/call".equals(exchange.request().method())) {
      Object raw = exchange.request().params().get("arguments");
      if (raw != null && !(raw instanceof Map<?, ?>)) {
        throw new GatewayException(new GatewayError.InvalidParams("arguments of '" + tool.name() + "' must be an object"));
      }
      validate(tool, exchange.arguments());
      if (firewall != null && !exchange.arguments().isEmpty()) inspect(exchange, tool);
    }
    return chain.proceed(exchange);
  }

  /**
   * Scans what the agent is about to send out for secrets, personal data and exfiltration: a
   * finding whose action is block refuses the call; hold (or redact: arguments are never rewritten
   * behind the approver's back) asks for a human; the categories found label the arguments they
   * were in, for policy ({@code flow.arg_labels}).
   */
  private void inspect(Exchange exchange, ToolDefinition tool) {
    Inspection inspection;
    try {
      inspection = firewall.scanJson(exchange.arguments(), Direction.TOOL_ARGUMENTS);
    } catch (RuntimeException e) {
      throw new GatewayException(new GatewayError.InvalidParams("the firewall could not inspect the arguments of '"
          + tool.name() + "'"));
    }
    if (inspection.hits().isEmpty()) return;
    List<String> categories = inspection.categories().stream().map(c -> c.label()).sorted().toList();
    exchange.note("firewallArguments", Map.of("action", inspection.action().name().toLowerCase(java.util.Locale.ROOT),
        "categories", categories, "rules", List.copyOf(inspection.ruleIds())));
    var byPath = new java.util.TreeMap<String, java.util.Set<String>>();
    ToolLabels labels = exchange.get(ToolLabels.KEY);
    for (Inspection.Hit hit : inspection.hits()) {
      if (!hit.action().atLeast(Action.ANNOTATE)) continue;
      String path = hit.path().startsWith("$.") ? hit.path().substring(2) : hit.path();
      // A guarded argument names the action's target (an account to pay, an address to write to):
      // that it looks like an IBAN or an e-mail address is what it is, not data leaving. Its origin
      // is what policy checks; block and hold actions still apply to it below.
      if (labels != null && labels.declaresGuarded() && labels.guards(path)) continue;
      byPath.computeIfAbsent(path, p -> new java.util.TreeSet<>()).add(hit.finding().category().label());
    }
    if (!byPath.isEmpty()) exchange.put(ArgumentFlow.KEY, new ArgumentFlow(byPath));
    if (inspection.action() == Action.BLOCK) {
      throw new GatewayException(new GatewayError.PolicyDenied("firewall", "the arguments of '" + tool.name()
          + "' carry " + String.join(", ", categories)));
    }
    if (inspection.action().atLeast(Action.REDACT)) {
      exchange.put(FIREWALL_HOLD, "the arguments of '" + tool.name() + "' carry " + String.join(", ", categories));
    }
  }

  private void validate(ToolDefinition tool, Map<String, Object> arguments) {
    Map<String, Object> schema = tool.inputSchema();
    if (schema.isEmpty()) return;
    JsonSchema compiled = schemas.computeIfAbsent(tool.digest(), d -> compile(tool.name(), schema));
    Set<ValidationMessage> problems = compiled.validate(MAPPER.valueToTree(arguments));
    if (problems.isEmpty()) return;
    List<String> messages = problems.stream().limit(MAX_REPORTED).map(InspectRequestStage::describe).toList();
    throw new GatewayException(new GatewayError.InvalidParams("arguments of '" + tool.name()
        + "' do not match its input schema: " + String.join("; ", messages)));
  }

  /** Where and what, without the offending value (which may be a secret). */
  private static String describe(ValidationMessage m) {
    return m.getInstanceLocation() + " " + m.getType() + (m.getArguments() == null || m.getArguments().length == 0 ? ""
        : " " + m.getArguments()[0]);
  }

  private static JsonSchema compile(String tool, Map<String, Object> schema) {
    if (hasExternalRef(schema)) {
      throw new GatewayException(new GatewayError.ToolBlocked(tool, "its input schema refers to an external document"));
    }
    JsonNode node = MAPPER.valueToTree(schema);
    return FACTORY.getSchema(node);
  }

  private static boolean hasExternalRef(Object node) {
    if (node instanceof Map<?, ?> m) {
      for (var e : m.entrySet()) {
        if (("$ref".equals(e.getKey()) || "$dynamicRef".equals(e.getKey()))
            && !(e.getValue() instanceof String s && s.startsWith("#"))) return true;
        if (hasExternalRef(e.getValue())) return true;
      }
    } else if (node instanceof List<?> l) {
      for (Object o : l) if (hasExternalRef(o)) return true;
    }
    return false;
  }
}
