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
    // Tests of type in order of how often they come, and lists by index: this runs for values of every long result.
    if (value instanceof String s) {
      count[0] += s.length();
    } else if (value instanceof Map<?, ?> m) {
      for (Object v : m.values()) {
        count(v, depth + 1, enough, maxDepth, count);
        if (count[0] >= enough) return;
      }
    } else if (value instanceof List<?> l) {
      if (l instanceof java.util.RandomAccess) {
        for (int i = 0, n = l.size(); i < n && count[0] < enough; i++) count(l.get(i), depth + 1, enough, maxDepth, count);
      } else {
        for (Object item : l) {
          count(item, depth + 1, enough, maxDepth, count);
          if (count[0] >= enough) return;
        }
      }
    }
  }
}
