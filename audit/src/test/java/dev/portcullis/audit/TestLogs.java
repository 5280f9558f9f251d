package dev.portcullis.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.core.AuditRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Helpers for tests that read and damage real log files. */
final class TestLogs {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-03-01T12:00:00Z"));
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private TestLogs() {}

  static AuditRecord record(String type, String exchangeId, Map<String, Object> fields) {
    return new AuditRecord(type, CLOCK.instant(), exchangeId, fields);
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeLines(Path file, List<String> lines) throws IOException {
    Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
  }

  static Map<String, Object> parse(String line) {
    try {
      return JSON.readValue(line, new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The entries of a given type, parsed. */
  static List<Map<String, Object>> entries(Path file, String type) {
    return lines(file).stream().map(TestLogs::parse).filter(e -> type.equals(e.get("type"))).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> fields(Map<String, Object> entry) { return (Map<String, Object>) entry.get("fields"); }

  /** A log channel that fails writes and fsyncs (or fsyncs only) once switched on, as a full or broken disk would. */
  static final class FailingChannel implements LogChannel {
    private final LogChannel delegate;
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicBoolean failingForce = new AtomicBoolean();

    FailingChannel(LogChannel delegate) { this.delegate = delegate; }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
      if (failing.get()) throw new IOException("injected write failure");
      delegate.write(bytes);
    }

    @Override
    public void force() throws IOException {
      if (failing.get() || failingForce.get()) throw new IOException("injected fsync failure");
      delegate.force();
    }
  }

  /** Opens a log whose channel can be made to fail; the channel is put in {@code holder[0]}. */
  static ChainedFileAuditLog openFailable(Path log, Path key, FailingChannel[] holder) throws IOException {
    return ChainedFileAuditLog.open(log, key, CLOCK, channel -> holder[0] = new FailingChannel(channel));
  }
}
