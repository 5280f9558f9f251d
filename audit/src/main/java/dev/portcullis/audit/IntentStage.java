package dev.portcullis.audit;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.Decision;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage right before the upstream call that makes the intent to call durable: who calls which
 * tool with which arguments (as a digest, never the values) under which decision. If the intent
 * cannot be made durable the call is not made.
 *
 * <p>The intent's seq is noted on the exchange as {@code intentSeq}, so the outcome record points
 * back to it.
 */
public final class IntentStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(IntentStage.class);

  private final AuditLog log;
  private final InstantSource clock;

  /** An intent stage writing to {@code log}, stamping records with {@code clock}. */
  public IntentStage(AuditLog log, InstantSource clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() { return "intent"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    var fields = RecordFields.of(exchange);
    fields.put("subject", exchange.principal() == null ? null : exchange.principal().subject());
    fields.put("toolDigest", exchange.tool() == null ? null : exchange.tool().digest());
    fields.put("argsDigest", exchange.argumentsDigest());
    Decision decision = exchange.decision();
    if (decision != null) {
      var recorded = new LinkedHashMap<String, Object>();
      recorded.put("effect", decision.effect().name());
      recorded.put("rule", decision.rule());
      recorded.put("policyVersion", decision.policyVersion());
      fields.put("decision", recorded);
    }
    fields.put("notes", RecordFields.notes(exchange));
    long seq;
    try {
      seq = log.append(new AuditRecord("intent", clock.instant(), exchange.id(), fields));
    } catch (AuditLog.AuditException e) {
      LOG.error("exchange {}: intent not recorded, so the call is not made: {}", exchange.id(), e.getMessage());
      return Outcome.failed(new GatewayError.AuditUnavailable("audit log unavailable; call not made"));
    }
    exchange.note("intentSeq", seq);
    return chain.proceed(exchange);
  }
}
