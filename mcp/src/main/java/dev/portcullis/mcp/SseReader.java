package dev.portcullis.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads Server-Sent Events from a byte stream, one event at a time, as the HTML living standard
 * defines the format: lines ending in LF, CR or CRLF; {@code data:} lines joined with LF; an empty
 * line dispatches; comments and other fields are skipped. Lines and events are bounded.
 */
final class SseReader {
  private final InputStream in;
  private final int maxEventBytes;
  private int pushedBack = -1;

  SseReader(InputStream in, int maxEventBytes) {
    this.in = in;
    this.maxEventBytes = maxEventBytes;
  }

  /** The data of the next event, or {@code null} at end of stream. */
  String nextData() throws IOException {
    var data = new StringBuilder();
    boolean hasData = false;
    while (true) {
      String line = readLine();
      if (line == null) return hasData ? data.toString() : null;
      if (line.isEmpty()) {
        if (hasData) return data.toString();
        continue;
      }
      if (line.startsWith(":")) continue;
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      if (field.equals("data")) {
        if (hasData) data.append('\n');
        data.append(value);
        hasData = true;
        if (data.length() > maxEventBytes) throw new IOException("event larger than " + maxEventBytes + " bytes");
      }
    }
  }

  private String readLine() throws IOException {
    var buf = new ByteArrayOutputStream();
    while (true) {
      int b = pushedBack >= 0 ? pushedBack : in.read();
      pushedBack = -1;
      if (b < 0) return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
      if (b == '\n') return buf.toString(StandardCharsets.UTF_8);
      if (b == '\r') {
        int next = in.read();
        if (next != '\n') pushedBack = next;
        return buf.toString(StandardCharsets.UTF_8);
      }
      buf.write(b);
      if (buf.size() > maxEventBytes) throw new IOException("line longer than " + maxEventBytes + " bytes");
    }
  }
}
