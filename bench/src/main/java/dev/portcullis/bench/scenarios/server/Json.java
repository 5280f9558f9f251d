package dev.portcullis.bench.scenarios.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one JSON mapper of the scenario suite, shared by the tool servers, the agent and the runner,
 * so that every party reads and writes values the same way.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** Parses JSON text; malformed text is an {@link IllegalArgumentException} naming what was wrong. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Compact JSON text of a value (a tree, a map, a list or a scalar). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Indented JSON text, as a tool shows its results to a reader. */
  public static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tree of a plain value (maps, lists, strings, numbers, booleans). */
  public static JsonNode tree(Object value) { return MAPPER.valueToTree(value); }

  /** A plain map of an object tree, for the MCP SDK and the gateway's admin API. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(JsonNode object) { return MAPPER.convertValue(object, Map.class); }

  /** A new empty object. */
  public static ObjectNode object() { return MAPPER.createObjectNode(); }

  /** A new empty array. */
  public static ArrayNode array() { return MAPPER.createArrayNode(); }
}
