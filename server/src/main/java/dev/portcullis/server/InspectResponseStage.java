package dev.portcullis.server;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import java.util.List;
import java.util.Map;

/**
 * Checks what the upstream sends back, message by message, as it streams (stage 10): the final
 * message must be a JSON-RPC response with an object result whose {@code content} is a list, and
 * only progress, logging and message notifications pass before it — anything else an upstream
 * might slip into the agent's stream (requests, unknown notifications) is dropped. Whether a tool
 * result reported an error is noted for the audit record. (Injection and leakage detection and
 * session labels join this stage with the firewall.)
 */
final class InspectResponseStage implements Stage {
  private static final List<String> PASSING = List.of("notifications/progress", "notifications/message");

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
  private static Map<String, Object> check(Exchange exchange, String tool, Map<String, Object> message) {
    if (message.containsKey("method")) {
      return !message.containsKey("id") && PASSING.contains(message.get("method")) ? message : null;
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
    return message;
  }
}
