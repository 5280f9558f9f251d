package dev.portcullis.firewall.flow;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Walks the arguments of a call down to their leaves, naming each by its path: {@code recipient},
 * {@code items[2].iban}, {@code headers["x-to"]} for a key that is not a plain name. Policy reads
 * argument labels by these paths.
 *
 * <p>Bounded: past {@value #MAX_DEPTH} levels or {@value #MAX_LEAVES} leaves the walk stops and
 * reports the place it stopped as {@linkplain Visitor#unchecked unchecked}, so that the caller can
 * treat what it did not look at as untrusted rather than clean.
 */
final class ArgumentLeaves {
  static final int MAX_DEPTH = 32;
  static final int MAX_LEAVES = 4096;
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  /** Receives leaves in document order. */
  interface Visitor {
    /** A string or number at {@code path}; returns false to stop the walk. */
    boolean leaf(String path, Object value);

    /** The walk stopped at {@code path} without looking further (too deep, or too many leaves). */
    void unchecked(String path);
  }

  private ArgumentLeaves() {}

  /** Visits every string and number leaf of the arguments. */
  static void walk(Map<String, ?> arguments, Visitor visitor) {
    var leaves = new int[] {0};
    for (var e : arguments.entrySet()) {
      if (!walk(e.getValue(), key("", e.getKey()), 1, leaves, visitor)) return;
    }
  }

  private static boolean walk(Object value, String path, int depth, int[] leaves, Visitor visitor) {
    if (depth > MAX_DEPTH) {
      visitor.unchecked(path);
      return true;
    }
    switch (value) {
      case Map<?, ?> m -> {
        for (var e : m.entrySet()) {
          if (!walk(e.getValue(), key(path, String.valueOf(e.getKey())), depth + 1, leaves, visitor)) return false;
        }
        return true;
      }
      case List<?> l -> {
        for (int i = 0; i < l.size(); i++) {
          if (!walk(l.get(i), path + "[" + i + "]", depth + 1, leaves, visitor)) return false;
        }
        return true;
      }
      case String s -> { return leaf(path, s, leaves, visitor); }
      case Number n -> { return leaf(path, n, leaves, visitor); }
      case null, default -> { return true; }
    }
  }

  private static boolean leaf(String path, Object value, int[] leaves, Visitor visitor) {
    if (++leaves[0] > MAX_LEAVES) {
      visitor.unchecked(path);
      return false;
    }
    return visitor.leaf(path, value);
  }

  /** The path of a member: {@code a.b} for plain names, {@code a["b c"]} (JSON-escaped) otherwise. */
  static String key(String parent, String name) {
    if (PLAIN_NAME.matcher(name).matches()) return parent.isEmpty() ? name : parent + "." + name;
    var sb = new StringBuilder(parent).append("[\"");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append("\"]").toString();
  }
}
