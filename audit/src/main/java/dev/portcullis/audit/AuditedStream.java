package dev.portcullis.audit;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.ErrorMapping;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.MessageStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed outcome that records itself: the outcome is made durable when the final JSON-RPC
 * response passes, before it is returned, so an agent never receives a result whose outcome is
 * not in the log. Exactly one outcome is recorded per stream.
 */
final class AuditedStream implements MessageStream {
  private static final Logger LOG = LoggerFactory.getLogger(AuditedStream.class);

  private final MessageStream source;
  private final OutcomeRecorder recorder;
  private final AtomicBoolean recorded = new AtomicBoolean();

  AuditedStream(MessageStream source, OutcomeRecorder recorder) {
    this.source = source;
    this.recorder = recorder;
  }

  @Override
  public Map<String, Object> next() throws IOException {
    Map<String, Object> message;
    try {
      message = source.next();
    } catch (GatewayException e) {
      recordOnce(ErrorMapping.kind(e.error()), e.error().message(), Map.of());
      throw e;
    } catch (IOException | RuntimeException e) {
      recordOnce("upstream-incomplete", "the stream failed (" + e.getClass().getSimpleName() + ")", Map.of());
      throw e;
    }
    if (message == null) {
      recordOnce("upstream-incomplete", "the stream ended without a final response", Map.of());
      return null;
    }
    if (isFinal(message) && recorded.compareAndSet(false, true)) {
      try {
        if (message.get("error") != null) {
          recorder.record("upstream-error", null, Map.of("upstreamErrorCode", errorCode(message)));
        } else {
          recorder.record("ok", null, Map.of());
        }
      } catch (AuditLog.AuditException e) {
        LOG.error("exchange {}: outcome not recorded, response withheld: {}", recorder.exchangeId(), e.getMessage());
        throw new GatewayException(new GatewayError.AuditUnavailable("audit log unavailable; the response was withheld"));
      }
    }
    return message;
  }

  @Override
  public void close() {
    try {
      recordOnce("upstream-incomplete", "the stream was closed before the final response", Map.of());
    } finally {
      source.close();
    }
  }

  /** A JSON-RPC response: it has an id and a result or an error (requests from the server have a method instead). */
  private static boolean isFinal(Map<String, Object> message) {
    return message.containsKey("id") && (message.containsKey("result") || message.containsKey("error"));
  }

  /** The error's code only: an upstream's error message may echo arguments. */
  private static Object errorCode(Map<String, Object> message) {
    return message.get("error") instanceof Map<?, ?> error && error.get("code") instanceof Number code ? code : "none";
  }

  private void recordOnce(String status, String error, Map<String, Object> extra) {
    if (!recorded.compareAndSet(false, true)) return;
    try {
      recorder.record(status, error, extra);
    } catch (AuditLog.AuditException e) {
      // Nothing is handed to the agent on this path, and the failed log refuses every later intent.
      LOG.error("exchange {}: outcome '{}' not recorded: {}", recorder.exchangeId(), status, e.getMessage());
    }
  }
}
