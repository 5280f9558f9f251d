package dev.portcullis.server;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ContentLabels;
import dev.portcullis.firewall.Action;
import dev.portcullis.firewall.DeferredInspection;
import dev.portcullis.firewall.Direction;
import dev.portcullis.firewall.Firewall;
import dev.portcullis.firewall.Inspection;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks what the upstream sends back, message by message, as it streams (stage 10): the final
 * message must be a JSON-RPC response with an object result whose {@code content} is a list, and
 * only progress, logging and message notifications pass before it — anything else an upstream
 * might slip into the agent's stream (requests, unknown notifications) is dropped. Whether a tool
 * result reported an error is noted for the audit record. With the firewall on, every result and
 * log message is inspected for injection, hidden content, exfiltration links, secrets and personal
 * data before the agent reads it.
 */
final class InspectResponseStage implements Stage {
  private static final List<String> PASSING = List.of("notifications/progress", "notifications/message");

  /** The audit note naming the categories whose inspection of the result was left for later. */
  static final String NOTE_DEFERRED = "firewallDeferred";
  /** The type of the audit record that gives what the inspection left for later found. */
  static final String DEFERRED_RECORD = "inspection";

  private final Firewall firewall;
  /* Where what the inspection left for later is recorded once it has run; null when nothing is left for later. */
  private final AuditLog audit;
  private final InstantSource clock;

  /** @param firewall the content firewall, or {@code null} when inspection is switched off */
  InspectResponseStage(Firewall firewall) { this(firewall, null, null); }

  /**
   * A stage that leaves part of a long result's inspection for later ({@link Firewall#scanResult}):
   * the flow stage, outside this one, runs it before the session's next decision, and its findings
   * are appended to {@code audit} as a record of type {@value #DEFERRED_RECORD}.
   *
   * @param firewall the content firewall, or {@code null} when inspection is switched off
   * @param audit    the audit log, or {@code null} to inspect every result whole before it passes
   */
  InspectResponseStage(Firewall firewall, AuditLog audit, InstantSource clock) {
    this.firewall = firewall;
    this.audit = audit;
    this.clock = audit == null ? null : java.util.Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() { return "inspect-response"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    Outcome outcome = chain.proceed(exchange);
    if (!(outcome instanceof Outcome.Streamed streamed)) return outcome;
    String tool = exchange.tool() == null ? "?" : exchange.tool().name();
    return new Outcome.Streamed(new FilteringStream(streamed.messages(), m -> check(exchange, tool, m)));
  }

  /** Returns the message to pass on, or {@code null} to drop it. */
  private Map<String, Object> check(Exchange exchange, String tool, Map<String, Object> message) {
    if (message.containsKey("method")) {
      if (message.containsKey("id") || !PASSING.contains(message.get("method"))) return null;
      // Log lines reach the agent's context as well as results do: they are inspected the same way.
      return "notifications/message".equals(message.get("method")) ? inspect(exchange, tool, message, "params", true) : message;
    }
    if (message.get("error") instanceof Map<?, ?>) return message;
    if (!(message.get("result") instanceof Map<?, ?> result)) {
      throw new GatewayException(new GatewayError.UpstreamFailed(exchange.tool() == null ? "?" : exchange.tool().upstream(),
          "the upstream answered " + tool + " with a message that is not a JSON-RPC result"));
    }
    if (result.containsKey("content") && !(result.get("content") instanceof List<?>)) {
      throw new GatewayException(new GatewayError.UpstreamFailed(exchange.tool().upstream(),
          "the upstream answered " + tool + " with content that is not a list"));
    }
    if (Boolean.TRUE.equals(result.get("isError"))) exchange.note("toolError", true);
    return inspect(exchange, tool, message, "result", false);
  }

  /**
   * Runs the content firewall over one member of a message: hidden content is stripped and
   * findings redacted as configured, the categories found become content labels of the exchange
   * (read by the information-flow stage), and a finding whose action is hold or block withholds the
   * result from the agent — a result cannot wait for a human, the call already happened — or drops
   * a notification. Any failure of the firewall fails closed.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> inspect(Exchange exchange, String tool, Map<String, Object> message, String member,
                                      boolean notification) {
    if (firewall == null || !(message.get(member) instanceof Map<?, ?> content)) return message;
    Inspection inspection;
    DeferredInspection deferred = null;
    try {
      if (audit == null || notification) {
        inspection = firewall.scanJson(content, Direction.TOOL_RESULT);
      } else {
        Firewall.ResultInspection r = firewall.scanResult(content);
        inspection = r.inspection();
        deferred = r.deferred();
      }
    } catch (RuntimeException e) {
      throw new GatewayException(new GatewayError.Internal("the firewall could not inspect the result of " + tool));
    }
    if (deferred != null) {
      exchange.note(NOTE_DEFERRED, deferred.categories().stream().map(c -> c.label()).sorted().toList());
      String exchangeId = exchange.id();
      exchange.put(DeferredInspection.KEY, deferred.andThen(later -> recordLater(exchangeId, tool, later)));
    }
    if (!inspection.hits().isEmpty()) {
      var labels = new TreeSet<>(inspection.labels());
      ContentLabels earlier = exchange.get(ContentLabels.KEY);
      if (earlier != null) labels.addAll(earlier.labels());
      exchange.put(ContentLabels.KEY, new ContentLabels(labels));
      exchange.note(NOTE_RESULT, summary(inspection));
    }
    if (inspection.action().atLeast(Action.HOLD)) {
      if (notification) return null;
      throw new GatewayException(new GatewayError.ToolBlocked(tool, "its result was withheld by the firewall ("
          + String.join(", ", inspection.categories().stream().map(c -> c.label()).sorted().toList()) + ")"));
    }
    if (!inspection.modified()) return message;
    var copy = new LinkedHashMap<>(message);
    copy.put(member, (Map<String, Object>) inspection.content());
    return copy;
  }

  /** The audit note of what inspection found. */
  static final String NOTE_RESULT = "firewallResult";

  /* What an inspection found, for the audit: its action, categories and rules, never the text. */
  private static Map<String, Object> summary(Inspection inspection) {
    return Map.of("action", inspection.action().name().toLowerCase(Locale.ROOT),
        "categories", inspection.categories().stream().map(c -> c.label()).sorted().toList(),
        "rules", List.copyOf(inspection.ruleIds()));
  }

  /*
   * Appends what the part of a result's inspection left for later found, once it has run (on the flow
   * stage's thread). A record that cannot be made durable fails that part, which labels the session
   * as one whose result could not be recorded.
   */
  private void recordLater(String exchangeId, String tool, Inspection later) {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("tool", tool);
    fields.put(NOTE_RESULT, summary(later));
    try {
      audit.append(new AuditRecord(DEFERRED_RECORD, clock.instant(), exchangeId, fields));
    } catch (AuditLog.AuditException e) {
      throw new IllegalStateException("the findings of the inspection left for later were not recorded", e);
    }
  }
}
