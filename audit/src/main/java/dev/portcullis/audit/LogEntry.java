package dev.portcullis.audit;

import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sealed line of the audit log: a record with its sequence number, the hash of the entry before
 * it, and its own hash.
 *
 * <p>The hash is an RFC 9162 leaf hash, {@code SHA-256(0x00 || CanonicalJson(entry without "hash"))},
 * so the same value can later become a leaf of a Merkle tree without rewriting the log.
 */
record LogEntry(long seq, String line, String hash) {
  /** The {@code prev} of the first entry. */
  static final String GENESIS = "0".repeat(64);

  /**
   * Seals a record at position {@code seq} after the entry whose hash is {@code prev}.
   * {@code fieldsText} is the canonical text of the record's fields, computed by the caller.
   */
  static LogEntry seal(long seq, AuditRecord record, String fieldsText, String prev) {
    String time = CanonicalJson.text(record.time().toString());
    String exchange = CanonicalJson.text(record.exchangeId());
    String type = CanonicalJson.text(record.type());
    /*
     * The canonical body is assembled by hand to avoid serialising the fields twice. Its keys are
     * in code-point order, as CanonicalJson would sort them; the verifier recomputes the hash with
     * CanonicalJson.bytes(Map), so any divergence would show up as a broken chain in the tests.
     */
    String body = "{\"exchange\":" + exchange + ",\"fields\":" + fieldsText + ",\"prev\":\"" + prev
        + "\",\"seq\":" + seq + ",\"time\":" + time + ",\"type\":" + type + "}";
    String hash = leafHash(body.getBytes(StandardCharsets.UTF_8));
    String line = "{\"seq\":" + seq + ",\"time\":" + time + ",\"type\":" + type + ",\"exchange\":" + exchange
        + ",\"fields\":" + fieldsText + ",\"prev\":\"" + prev + "\",\"hash\":\"" + hash + "\"}\n";
    return new LogEntry(seq, line, hash);
  }

  /** The hash of a parsed line: the leaf hash of its canonical form without the {@code hash} key. */
  static String hashOf(Map<String, Object> parsedLine) {
    var body = new LinkedHashMap<>(parsedLine);
    body.remove("hash");
    return leafHash(CanonicalJson.bytes(body));
  }

  /** Hex of {@code SHA-256(0x00 || bytes)}. */
  static String leafHash(byte[] bytes) {
    byte[] prefixed = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, prefixed, 1, bytes.length);
    return HexFormat.of().formatHex(CanonicalJson.sha256(prefixed));
  }

  /** The line as UTF-8 bytes, newline included. */
  byte[] bytes() { return line.getBytes(StandardCharsets.UTF_8); }
}
