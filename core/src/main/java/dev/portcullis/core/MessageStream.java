package dev.portcullis.core;

import java.io.IOException;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * JSON-RPC messages coming back from an upstream for one call, pulled one at a time: zero or more
 * notifications (progress, logging) and then the response. Streams are consumed by one thread.
 */
public interface MessageStream extends AutoCloseable {

  /** The next message, or {@code null} when the stream has ended. Blocks until one is available. */
  Map<String, Object> next() throws IOException;

  /** Releases the upstream connection; safe to call more than once. */
  @Override
  void close();

  /** A stream whose every message passes through {@code fn} (which may throw {@link GatewayException}). */
  default MessageStream map(UnaryOperator<Map<String, Object>> fn) {
    MessageStream source = this;
    return new MessageStream() {
      public Map<String, Object> next() throws IOException {
        Map<String, Object> m = source.next();
        return m == null ? null : fn.apply(m);
      }

      public void close() { source.close(); }
    };
  }

  /** A stream of the given messages, already complete. */
  static MessageStream of(java.util.List<Map<String, Object>> messages) {
    var it = messages.iterator();
    return new MessageStream() {
      public Map<String, Object> next() { return it.hasNext() ? it.next() : null; }

      public void close() {}
    };
  }
}
