package dev.portcullis.core;

import java.util.Map;
import java.util.Objects;

/** How an exchange ended, as the chain hands it back to the ingress. */
public sealed interface Outcome {

  /** A complete JSON-RPC result object (the value of {@code result}), produced by the gateway. */
  record Reply(Map<String, Object> result) implements Outcome {
    public Reply { Objects.requireNonNull(result, "result"); }
  }

  /**
   * Messages streamed back from the upstream: notifications, then the response whose {@code id}
   * the ingress rewrites to the agent's own.
   */
  record Streamed(MessageStream messages) implements Outcome {
    public Streamed { Objects.requireNonNull(messages, "messages"); }
  }

  /** A notification was accepted; nothing is sent back but the HTTP status. */
  record Accepted() implements Outcome {}

  /** The exchange was refused or failed. */
  record Failed(GatewayError error) implements Outcome {
    public Failed { Objects.requireNonNull(error, "error"); }
  }

  /** A failed outcome for an error. */
  static Outcome failed(GatewayError error) { return new Failed(error); }
}
