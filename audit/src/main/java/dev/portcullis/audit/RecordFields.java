package dev.portcullis.audit;

import dev.portcullis.core.Exchange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields every exchange record starts with. Only what identifies the call goes in: never the
 * agent's credentials, the headers injected upstream, or argument values.
 */
final class RecordFields {
  private RecordFields() {}

  /** method, server, protocolVersion, agent and tool of an exchange, in that order. */
  static Map<String, Object> of(Exchange exchange) {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("method", exchange.request().method());
    fields.put("server", exchange.request().server());
    fields.put("protocolVersion", exchange.request().protocolVersion());
    fields.put("agent", exchange.principal() == null ? null : exchange.principal().agentId());
    fields.put("tool", toolName(exchange));
    return fields;
  }

  /** A copy of the facts stages noted for the audit record. */
  static Map<String, Object> notes(Exchange exchange) { return new LinkedHashMap<>(exchange.notes()); }

  /**
   * The resolved tool's name or, before resolution, the name a tools/call asked for; {@code null}
   * for other methods (whose {@code params.name} names a prompt or something else, not a tool).
   */
  private static String toolName(Exchange exchange) {
    if (exchange.tool() != null) return exchange.tool().name();
    if ("tools/call".equals(exchange.request().method()) && exchange.request().params().get("name") instanceof String name) {
      return name;
    }
    return null;
  }
}
