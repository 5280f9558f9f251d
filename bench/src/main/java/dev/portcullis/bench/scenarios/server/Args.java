package dev.portcullis.bench.scenarios.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one tool call, with typed accessors that refuse missing or mistyped values
 * with a {@link ToolFailure} naming the argument, so a tool never acts on half-understood input.
 */
public final class Args {
  private final Map<String, Object> values;

  /** Arguments as received; {@code null} is no arguments. */
  public Args(Map<String, Object> values) { this.values = values == null ? Map.of() : values; }

  /** The raw arguments, for the journal. */
  public Map<String, Object> values() { return values; }

  /** A required non-blank string. */
  public String string(String name) {
    String s = optionalString(name);
    if (s == null || s.isBlank()) throw new ToolFailure("argument '" + name + "' is required");
    return s;
  }

  /** A string, or {@code null} when absent. */
  public String optionalString(String name) {
    Object v = values.get(name);
    if (v == null) return null;
    if (v instanceof String s) return s;
    throw new ToolFailure("argument '" + name + "' must be a string");
  }

  /** A required number. */
  public double number(String name) {
    Double d = optionalNumber(name);
    if (d == null) throw new ToolFailure("argument '" + name + "' is required");
    return d;
  }

  /** A number, or {@code null} when absent. */
  public Double optionalNumber(String name) {
    Object v = values.get(name);
    if (v == null) return null;
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
    throw new ToolFailure("argument '" + name + "' must be a number");
  }

  /** An integer, or {@code fallback} when absent. */
  public int integer(String name, int fallback) {
    Object v = values.get(name);
    if (v == null) return fallback;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
    throw new ToolFailure("argument '" + name + "' must be an integer");
  }

  /** A boolean, or {@code null} when absent. */
  public Boolean optionalBoolean(String name) {
    Object v = values.get(name);
    if (v == null) return null;
    if (v instanceof Boolean b) return b;
    throw new ToolFailure("argument '" + name + "' must be true or false");
  }

  /** A required non-empty list of non-blank strings. */
  public List<String> strings(String name) {
    List<String> list = optionalStrings(name);
    if (list.isEmpty()) throw new ToolFailure("argument '" + name + "' needs at least one entry");
    return list;
  }

  /** A list of non-blank strings, empty when absent. */
  public List<String> optionalStrings(String name) {
    Object v = values.get(name);
    if (v == null) return List.of();
    if (!(v instanceof List<?> list)) throw new ToolFailure("argument '" + name + "' must be a list of strings");
    var out = new ArrayList<String>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s) || s.isBlank()) throw new ToolFailure("argument '" + name + "' must be a list of non-blank strings");
      out.add(s);
    }
    return List.copyOf(out);
  }
}
