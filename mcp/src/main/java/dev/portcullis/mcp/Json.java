package dev.portcullis.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for the MCP wire: parses to plain Java values (Map, List, String, Number, Boolean, null)
 * with bounded nesting and string sizes, and writes them back. Duplicate keys are errors, so two
 * parsers can never read one message two ways.
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(64)
        .maxStringLength(64 * 1024 * 1024)
        .maxNumberLength(100)
        .build());
  }

  private Json() {}

  /** Parses a JSON value. */
  public static Object parse(byte[] bytes) throws IOException {
    return MAPPER.readValue(bytes, Object.class);
  }

  /** Parses a JSON value from text. */
  public static Object parse(String text) throws IOException {
    return MAPPER.readValue(text, Object.class);
  }

  /** Parses a JSON object, failing if the value is anything else. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(byte[] bytes) throws IOException {
    Object value = parse(bytes);
    if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
    throw new IOException("expected a JSON object");
  }

  /** Writes a value as compact JSON bytes. */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes a value as compact JSON text. */
  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
