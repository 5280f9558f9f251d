package dev.portcullis.audit;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.ErrorMapping;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost stage: it lets the rest of the chain run and then makes an {@code outcome} record
 * of every exchange durable — success, refusal or error — before the agent sees the result.
 *
 * <p>A streamed outcome is recorded when its final JSON-RPC response passes, before that response
 * is handed on; a stream that ends, fails or is closed before it is recorded as
 * {@code upstream-incomplete}. If the outcome cannot be made durable, the agent gets
 * {@link GatewayError.AuditUnavailable} instead of the result.
 */
public final class AuditStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(AuditStage.class);

  private final AuditLog log;
  private final InstantSource clock;

  /** An audit stage writing to {@code log}, stamping records and durations with {@code clock}. */
  public AuditStage(AuditLog log, InstantSource clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() { return "audit"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    var recorder = new OutcomeRecorder(log, clock, exchange, clock.instant());
    Outcome outcome;
    try {
      outcome = chain.proceed(exchange);
    } catch (GatewayException e) {
      outcome = Outcome.failed(e.error());
    } catch (RuntimeException e) {
      // Only a broken chain rule gets here (the chain turns stage failures into outcomes); record it too.
      record(recorder, Outcome.failed(new GatewayError.Internal("chain rule broken in stage 'audit'")));
      throw e;
    }
    if (outcome instanceof Outcome.Streamed streamed) {
      return new Outcome.Streamed(new AuditedStream(streamed.messages(), recorder));
    }
    return record(recorder, outcome);
  }

  private static Outcome record(OutcomeRecorder recorder, Outcome outcome) {
    try {
      if (outcome instanceof Outcome.Failed failed) {
        recorder.record(ErrorMapping.kind(failed.error()), failed.error().message(), Map.of());
      } else {
        recorder.record("ok", null, Map.of());
      }
      return outcome;
    } catch (AuditLog.AuditException e) {
      LOG.error("exchange {}: outcome not recorded, result withheld: {}", recorder.exchangeId(), e.getMessage());
      return Outcome.failed(new GatewayError.AuditUnavailable("audit log unavailable; the outcome could not be recorded"));
    }
  }
}
