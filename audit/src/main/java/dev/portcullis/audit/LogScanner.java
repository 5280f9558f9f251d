package dev.portcullis.audit;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads an audit log line by line and checks every entry: it parses, has exactly the expected
 * keys, its seq follows the one before, its prev is the hash of the entry before, and its hash
 * recomputes. Used both when the log is opened and by the offline verifier.
 *
 * <p>A last line without a newline, or a last line that is not JSON, is reported separately as a
 * {@link Torn torn tail}: only an interrupted, never-acknowledged write can leave one.
 */
final class LogScanner {
  private static final int MAX_PROBLEMS = 100;
  private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
  private static final int MAX_EXPONENT = 10_000;
  private static final Set<String> KEYS = Set.of("seq", "time", "type", "exchange", "fields", "prev", "hash");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** A last line left incomplete by an interrupted write: its 1-based number and byte offset. */
  record Torn(long line, long offset, String reason) {}

  /**
   * What a scan found.
   *
   * @param records      complete lines read (the torn tail excluded)
   * @param lastSeq      seq of the last complete entry, 0 for an empty log
   * @param lastHash     hash of the last complete entry, {@link LogEntry#GENESIS} for an empty log
   * @param goodLength   bytes up to and including the last complete line
   * @param torn         the torn tail, or {@code null}
   * @param problems     damage other than a torn tail, each naming its line
   * @param hashAtWanted the hash recorded at the seq asked for, or {@code null} if absent
   * @param lineOfWanted the line holding that seq, or 0
   */
  record Result(long records, long lastSeq, String lastHash, long goodLength, Torn torn, List<String> problems,
                String hashAtWanted, long lineOfWanted) {}

  private final long wantedSeq;
  private final List<String> problems = new ArrayList<>();
  private int unlisted;
  private long lineNo;
  private long records;
  private long goodLength;
  private long lastSeq;
  private String lastHash = LogEntry.GENESIS;
  private Torn torn;
  private String hashAtWanted;
  private long lineOfWanted;

  private LogScanner(long wantedSeq) { this.wantedSeq = wantedSeq; }

  /** Scans a whole log; {@code wantedSeq} names the entry whose hash the caller wants to compare. */
  static Result scan(InputStream in, long wantedSeq) throws IOException {
    var scanner = new LogScanner(wantedSeq);
    scanner.readAll(in);
    var problems = new ArrayList<>(scanner.problems);
    if (scanner.unlisted > 0) problems.add("... and " + scanner.unlisted + " more problems");
    return new Result(scanner.records, scanner.lastSeq, scanner.lastHash, scanner.goodLength, scanner.torn,
        List.copyOf(problems), scanner.hashAtWanted, scanner.lineOfWanted);
  }

  private void readAll(InputStream in) throws IOException {
    var buffer = new ByteArrayOutputStream();
    byte[] pending = null;
    byte[] chunk = new byte[1 << 16];
    int read;
    while ((read = in.read(chunk)) != -1) {
      int start = 0;
      for (int i = 0; i < read; i++) {
        if (chunk[i] != '\n') continue;
        buffer.write(chunk, start, i - start);
        start = i + 1;
        if (pending != null) line(pending, false);
        pending = buffer.toByteArray();
        buffer.reset();
      }
      buffer.write(chunk, start, read - start);
      if (buffer.size() > MAX_LINE_BYTES) {
        throw new IOException("line " + (lineNo + (pending == null ? 1 : 2)) + " is longer than " + MAX_LINE_BYTES + " bytes");
      }
    }
    if (buffer.size() > 0) {
      if (pending != null) line(pending, false);
      torn = new Torn(lineNo + 1, goodLength, "the last line has no newline");
    } else if (pending != null) {
      line(pending, true);
    }
  }

  private void line(byte[] bytes, boolean last) {
    lineNo++;
    Map<String, Object> entry;
    try {
      entry = JSON.readValue(bytes, MAP);
    } catch (IOException | RuntimeException e) {
      entry = null;
    }
    if (entry == null && last) {
      torn = new Torn(lineNo, goodLength, "the last line is not a JSON object");
      return;
    }
    records++;
    goodLength += bytes.length + 1L;
    if (entry == null) {
      problem("line " + lineNo + " is not a JSON object");
      lastSeq++;
      return;
    }
    check(entry);
  }

  private void check(Map<String, Object> entry) {
    String at = "line " + lineNo;
    if (!entry.keySet().equals(KEYS)) {
      problem(at + ": expected the keys " + new TreeSet<>(KEYS) + " but found " + new TreeSet<>(entry.keySet()));
    }
    long seq = lastSeq + 1;
    if (entry.get("seq") instanceof Integer || entry.get("seq") instanceof Long) {
      seq = ((Number) entry.get("seq")).longValue();
      if (seq != lastSeq + 1) {
        problem(at + ": seq " + seq + " follows seq " + lastSeq + " (expected " + (lastSeq + 1)
            + "): entries are missing, duplicated or reordered");
      }
    } else {
      problem(at + ": seq is not an integer");
    }
    if (!(entry.get("time") instanceof String time && isInstant(time))) problem(at + ": time is not an ISO-8601 instant");
    if (!(entry.get("type") instanceof String type && !type.isEmpty())) problem(at + ": type is not a non-empty string");
    Object exchange = entry.get("exchange");
    if (exchange != null && !(exchange instanceof String)) problem(at + ": exchange is neither a string nor null");
    if (!(entry.get("fields") instanceof Map)) problem(at + ": fields is not an object");
    Object prev = entry.get("prev");
    if (!(prev instanceof String p && HEX64.matcher(p).matches())) {
      problem(at + ": prev is not 64 lowercase hex digits");
    } else if (!prev.equals(lastHash)) {
      problem(at + ": prev does not match the hash of "
          + (lineNo == 1 ? "the start of the log (64 zeros)" : "the entry before it (line " + (lineNo - 1) + ")"));
    }
    if (!numbersInRange(entry)) {
      problem(at + ": a number's exponent is beyond " + MAX_EXPONENT + ", which no entry written by the log has");
      lastSeq = seq;
      return;
    }
    String recomputed = LogEntry.hashOf(entry);
    String hash = recomputed;
    if (!(entry.get("hash") instanceof String h && HEX64.matcher(h).matches())) {
      problem(at + ": hash is not 64 lowercase hex digits");
    } else {
      hash = h;
      if (!h.equals(recomputed)) {
        problem(at + " (seq " + seq + "): hash does not match the entry's content: the entry was altered");
      }
    }
    lastSeq = seq;
    lastHash = hash;
    if (seq == wantedSeq && hashAtWanted == null) {
      hashAtWanted = hash;
      lineOfWanted = lineNo;
    }
  }

  /** Guards the canonical re-serialisation, which expands exponents, against numbers like 1e999999999. */
  private static boolean numbersInRange(Object value) {
    return switch (value) {
      case BigDecimal d -> Math.abs((long) d.scale()) <= MAX_EXPONENT && d.precision() - (long) d.scale() <= MAX_EXPONENT;
      case Map<?, ?> map -> map.values().stream().allMatch(LogScanner::numbersInRange);
      case List<?> list -> list.stream().allMatch(LogScanner::numbersInRange);
      case null, default -> true;
    };
  }

  private static boolean isInstant(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private void problem(String problem) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(problem);
    } else {
      unlisted++;
    }
  }
}
