package dev.portcullis.server;

import dev.portcullis.core.ErrorMapping;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.ExchangeListener;
import dev.portcullis.core.Outcome;
import dev.portcullis.mcp.Json;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one structured JSON log line per exchange (who, what, outcome, how long) and logs stage
 * failures with their stack trace. Never logs credentials or argument values.
 */
final class LogListener implements ExchangeListener {
  private static final Logger LOG = LoggerFactory.getLogger("portcullis.exchange");

  @Override
  public void stageEnded(Exchange exchange, String stage, long nanos, Throwable failure) {
    if (failure != null) LOG.error("stage {} failed on exchange {}", stage, exchange.id(), failure);
  }

  @Override
  public void exchangeEnded(Exchange exchange, Outcome outcome, long nanos) {
    if (!LOG.isInfoEnabled()) return;
    var line = new LinkedHashMap<String, Object>();
    line.put("exchange", exchange.id());
    line.put("server", exchange.request().server());
    line.put("method", exchange.request().method());
    if (exchange.principal() != null) line.put("agent", exchange.principal().agentId());
    if (exchange.tool() != null) line.put("tool", exchange.tool().name());
    line.put("outcome", switch (outcome) {
      case Outcome.Failed f -> ErrorMapping.kind(f.error());
      case Outcome.Streamed s -> "streamed";
      case Outcome.Reply r -> "reply";
      case Outcome.Accepted a -> "accepted";
    });
    if (outcome instanceof Outcome.Failed f) line.put("reason", f.error().message());
    line.put("micros", nanos / 1000);
    LOG.info(Json.text(line));
  }
}
