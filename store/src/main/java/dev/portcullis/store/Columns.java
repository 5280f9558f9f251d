package dev.portcullis.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Conversions between column text and Java values. */
final class Columns {
  /*
   * Instants are stored as ISO-8601 UTC text with exactly nine fraction digits, so that text order
   * is time order (Instant.toString drops trailing zero digits, which would break ORDER BY).
   *
   * JSON errors are rethrown without their cause: Jackson quotes the offending input, and these
   * columns hold tool arguments, which may be secret.
   */
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Columns() {}

  /** The column text of an instant, or {@code null}. */
  static String instant(Instant instant) {
    return instant == null ? null : INSTANT.format(instant);
  }

  /** The instant in column text, or {@code null}. */
  static Instant instant(String text, String column) throws SQLException {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new SQLException("column " + column + " does not hold an instant", e);
    }
  }

  /** The column text of an enum constant, or {@code null}. */
  static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }

  /** JSON text of a map, or {@code null}. */
  static String json(Map<String, ?> value, String column) throws SQLException {
    if (value == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SQLException("column " + column + ": value cannot be written as JSON");
    }
  }

  /** The map in JSON text, or {@code null}. */
  static Map<String, Object> objectMap(String text, String column) throws SQLException {
    return read(text, OBJECT_MAP, column);
  }

  /** The string map in JSON text, or {@code null}. */
  static Map<String, String> stringMap(String text, String column) throws SQLException {
    return read(text, STRING_MAP, column);
  }

  private static <T> T read(String text, TypeReference<T> type, String column) throws SQLException {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("column " + column + " does not hold the expected JSON");
    }
  }
}
