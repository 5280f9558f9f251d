package dev.portcullis.audit;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.Exchange;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/** Writes the outcome record of one exchange. */
final class OutcomeRecorder {
  private final AuditLog log;
  private final InstantSource clock;
  private final Exchange exchange;
  private final Instant start;

  OutcomeRecorder(AuditLog log, InstantSource clock, Exchange exchange, Instant start) {
    this.log = log;
    this.clock = clock;
    this.exchange = exchange;
    this.start = start;
  }

  /**
   * Appends the outcome and waits until it is durable.
   *
   * @param status "ok", the kind of the gateway error, "upstream-error" or "upstream-incomplete"
   * @param error  a message free of secrets, or {@code null}
   * @param extra  further plain JSON fields
   */
  void record(String status, String error, Map<String, Object> extra) throws AuditLog.AuditException {
    Instant now = clock.instant();
    var fields = RecordFields.of(exchange);
    fields.put("status", status);
    fields.put("error", error);
    fields.putAll(extra);
    fields.put("notes", RecordFields.notes(exchange));
    fields.put("durationMs", Duration.between(start, now).toMillis());
    log.append(new AuditRecord("outcome", now, exchange.id(), fields));
  }

  /** The exchange recorded, for log lines. */
  String exchangeId() { return exchange.id(); }
}
