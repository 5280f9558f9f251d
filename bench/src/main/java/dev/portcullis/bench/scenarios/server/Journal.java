package dev.portcullis.bench.scenarios.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The journal of a scenario server: one JSON line ({@code tool}, {@code arguments}) per
 * consequential call that took effect. Whether a task was done or an attack succeeded is decided
 * from it (and from the final state), never from what the agent claims.
 */
public final class Journal {
  private Journal() {}

  /**
   * One consequential call that took effect.
   *
   * @param tool      the tool's name on its server
   * @param arguments the arguments as received
   */
  public record Entry(String tool, JsonNode arguments) {
    /** A string argument, or {@code ""} when absent. */
    public String text(String name) {
      JsonNode v = arguments.get(name);
      return v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
    }

    /** A numeric argument, or NaN when absent or not a number. */
    public double number(String name) {
      JsonNode v = arguments.get(name);
      return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }

    /** The strings of a list argument (empty when absent). */
    public List<String> texts(String name) {
      JsonNode v = arguments.get(name);
      if (v == null || !v.isArray()) return List.of();
      var out = new java.util.ArrayList<String>();
      v.forEach(e -> out.add(e.asText()));
      return out;
    }
  }

  /** Appends one entry. */
  public static void append(Path file, String tool, Map<String, Object> arguments) {
    var line = Json.object();
    line.put("tool", tool);
    line.set("arguments", Json.tree(arguments == null ? Map.of() : arguments));
    try {
      Files.writeString(file, Json.write(line) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to journal " + file, e);
    }
  }

  /** Every entry, oldest first; an absent file is an empty journal. */
  public static List<Entry> read(Path file) {
    if (!Files.exists(file)) return List.of();
    try {
      return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Json::parse)
          .map(n -> new Entry(n.path("tool").asText(), n.path("arguments"))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journal " + file, e);
    }
  }
}
