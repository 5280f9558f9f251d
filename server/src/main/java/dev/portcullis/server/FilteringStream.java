package dev.portcullis.server;

import dev.portcullis.core.MessageStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A stream whose messages pass through a function that may drop them (by returning null). */
final class FilteringStream implements MessageStream {
  private final MessageStream source;
  private final UnaryOperator<Map<String, Object>> filter;

  FilteringStream(MessageStream source, UnaryOperator<Map<String, Object>> filter) {
    this.source = source;
    this.filter = filter;
  }

  @Override
  public Map<String, Object> next() throws IOException {
    Map<String, Object> m;
    while ((m = source.next()) != null) {
      Map<String, Object> kept = filter.apply(m);
      if (kept != null) return kept;
    }
    return null;
  }

  @Override
  public void close() { source.close(); }
}
