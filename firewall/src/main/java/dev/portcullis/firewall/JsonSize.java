package dev.portcullis.firewall;

import java.util.List;
import java.util.Map;

/** How much text a JSON value holds: a cheap measure, taken before deciding how to handle it. */
public final class JsonSize {
  private JsonSize() {}

  /**
   * The characters of the strings among a value's values (keys not counted), counted up to
   * {@code enough}: the count stops there. Values nested deeper than {@code maxDepth} are not counted.
   */
  public static long characters(Object value, long enough, int maxDepth) {
    long[] count = {0};
    count(value, 0, enough, maxDepth, count);
    return count[0];
  }

  private static void count(Object value, int depth, long enough, int maxDepth, long[] count) {
    if (count[0] >= enough || depth > maxDepth) return;
    switch (value) {
      case String s -> count[0] += s.length();
      case Map<?, ?> m -> {
        for (Object v : m.values()) count(v, depth + 1, enough, maxDepth, count);
      }
      case List<?> l -> {
        for (Object item : l) count(item, depth + 1, enough, maxDepth, count);
      }
      case null, default -> { }
    }
  }
}
