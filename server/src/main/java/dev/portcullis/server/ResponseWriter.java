package dev.portcullis.server;

import dev.portcullis.core.ErrorMapping;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.MessageStream;
import dev.portcullis.core.Outcome;
import dev.portcullis.mcp.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an outcome to the agent as MCP Streamable HTTP: a JSON body for a single response, an
 * SSE stream when notifications come before the response (each event written as it arrives, with
 * back-pressure), an HTTP status for refusals of the transport. Runs on the exchange's virtual
 * thread; Vert.x responses may be written from any thread.
 */
final class ResponseWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);

  private final HttpServerResponse response;
  private final Object agentId;
  private final boolean modern;
  private final boolean acceptsSse;

  ResponseWriter(HttpServerResponse response, Object agentId, boolean modern, boolean acceptsSse) {
    this.response = response;
    this.agentId = agentId;
    this.modern = modern;
    this.acceptsSse = acceptsSse;
  }

  void write(Outcome outcome) {
    switch (outcome) {
      case Outcome.Accepted a -> {
        response.setStatusCode(202).end();
      }
      case Outcome.Reply r -> json(200, response(r.result()));
      case Outcome.Failed f -> error(f.error());
      case Outcome.Streamed s -> stream(s.messages());
    }
  }

  void error(GatewayError error) {
    int status = ErrorMapping.httpStatus(error);
    if (error instanceof GatewayError.Throttled t) response.putHeader("Retry-After", Long.toString(t.retryAfterSeconds()));
    json(status, errorMessage(agentId, error));
  }

  static Map<String, Object> errorMessage(Object id, GatewayError error) {
    var err = new LinkedHashMap<String, Object>();
    err.put("code", ErrorMapping.jsonRpcCode(error));
    err.put("message", error.message());
    var data = new LinkedHashMap<String, Object>();
    data.put("kind", ErrorMapping.kind(error));
    switch (error) {
      case GatewayError.PolicyDenied d -> data.put("rule", d.rule());
      case GatewayError.HeaderMismatch h -> data.put("mismatch", Map.of("header", h.header(), "value", h.headerValue(), "body", h.bodyValue()));
      case GatewayError.UnsupportedVersion u -> { data.put("supported", u.supported()); data.put("requested", u.requested()); }
      case GatewayError.ApprovalRefused a -> data.put("approval", a.approvalId());
      default -> { }
    }
    err.put("data", data);
    var m = new LinkedHashMap<String, Object>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("error", err);
    return m;
  }

  private Map<String, Object> response(Map<String, Object> result) {
    var m = new LinkedHashMap<String, Object>();
    m.put("jsonrpc", "2.0");
    m.put("id", agentId);
    m.put("result", result);
    return m;
  }

  private void json(int status, Map<String, Object> body) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.bytes(body)));
  }

  /** The agent's view of an upstream message: the response carries the agent's id. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> forAgent(Map<String, Object> message) {
    if (!isFinal(message)) return message;
    var m = new LinkedHashMap<>(message);
    m.put("id", agentId);
    if (modern && m.get("result") instanceof Map<?, ?> result && !result.containsKey("resultType")) {
      var r = new LinkedHashMap<>((Map<String, Object>) result);
      r.put("resultType", "complete");
      m.put("result", r);
    }
    return m;
  }

  static boolean isFinal(Map<String, Object> message) {
    return message.containsKey("id") && !message.containsKey("method") && (message.containsKey("result") || message.containsKey("error"));
  }

  private void stream(MessageStream messages) {
    boolean sse = false;
    try (messages) {
      Map<String, Object> m;
      while ((m = messages.next()) != null) {
        boolean last = isFinal(m);
        if (!sse && last) {
          json(200, forAgent(m));
          return;
        }
        if (!acceptsSse) continue;
        if (!sse) {
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
              .putHeader("Cache-Control", "no-cache");
          sse = true;
        }
        event(forAgent(m));
        if (last) {
          response.end();
          return;
        }
      }
      fail(sse, new GatewayError.UpstreamFailed("upstream", "the upstream ended the call without a response"));
    } catch (GatewayException e) {
      fail(sse, e.error());
    } catch (IOException | RuntimeException e) {
      LOG.warn("call failed while streaming: {}", e.getMessage());
      fail(sse, new GatewayError.UpstreamFailed("upstream", "the upstream response broke off: " + e.getMessage()));
    }
  }

  private void fail(boolean sse, GatewayError error) {
    if (!sse) {
      error(error);
      return;
    }
    event(errorMessage(agentId, error));
    response.end();
  }

  private void event(Map<String, Object> message) {
    byte[] data = Json.bytes(message);
    Buffer b = Buffer.buffer(data.length + 32).appendString("event: message\ndata: ").appendBytes(data).appendString("\n\n");
    response.write(b);
    if (response.writeQueueFull()) {
      var drained = new CompletableFuture<Void>();
      response.drainHandler(v -> drained.complete(null));
      response.exceptionHandler(drained::completeExceptionally);
      if (!response.writeQueueFull()) drained.complete(null);
      try {
        drained.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new GatewayException(new GatewayError.Internal("the agent stopped reading the stream"));
      }
    }
  }
}
