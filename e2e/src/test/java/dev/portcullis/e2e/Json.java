package dev.portcullis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON reading and writing for the tests. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The tree of a JSON text. */
  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + abbreviate(text), e);
    }
  }

  /** The JSON text of a value. */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A text cut to at most 300 characters, for assertion messages. */
  static String abbreviate(String text) { return text.length() > 300 ? text.substring(0, 300) + "..." : text; }
}
