package dev.portcullis.identity.txn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bounds on the context objects a transaction token carries ({@code tctx}, {@code rctx}), and
 * the copy that enforces them: only plain JSON values, few members, shallow nesting, short strings.
 *
 * <p>A backend reads these objects on every call, so their size is bounded here rather than left
 * to the token's total length. Errors name the path of the offending member (member names are
 * restricted to a safe alphabet, so a path can be shown) and never a value: contexts may hold
 * digests of arguments and other material that must not reach logs.
 */
final class TxnContext {
  /** The most members an object, or items a list, may have. */
  static final int MAX_MEMBERS = 32;
  /** The deepest nesting below the context object itself (a list in the context is depth 1). */
  static final int MAX_DEPTH = 3;
  /** The longest string value, in characters. */
  static final int MAX_STRING = 1024;

  private static final Pattern MEMBER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

  private TxnContext() {}

  /**
   * An unmodifiable copy of {@code context}, in its iteration order.
   *
   * @param name what the context is called in errors ({@code tctx}, {@code rctx})
   * @throws IllegalArgumentException when a member name, value type, size or depth is out of bounds
   */
  static Map<String, Object> copy(String name, Map<String, ?> context) {
    if (context == null) return Map.of();
    return object(name, context, 0);
  }

  private static Map<String, Object> object(String path, Map<?, ?> map, int depth) {
    if (map.size() > MAX_MEMBERS) throw new IllegalArgumentException(path + " has more than " + MAX_MEMBERS + " members");
    var copy = new LinkedHashMap<String, Object>();
    for (var entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key) || !MEMBER_NAME.matcher(key).matches()) {
        throw new IllegalArgumentException(path + " has a member name that is not " + MEMBER_NAME.pattern());
      }
      copy.put(key, value(path + "." + key, entry.getValue(), depth));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object value(String path, Object value, int depth) {
    return switch (value) {
      case null -> null;
      case String s -> {
        if (s.length() > MAX_STRING) throw new IllegalArgumentException(path + " is longer than " + MAX_STRING + " characters");
        yield s;
      }
      case Boolean b -> b;
      case Integer _, Long _, Short _, Byte _, BigInteger _ -> value;
      case Double d when Double.isFinite(d) -> d;
      case Float f when Float.isFinite(f) -> f;
      case BigDecimal d -> d;
      case Map<?, ?> m -> object(path, m, deeper(path, depth));
      case List<?> l -> list(path, l, deeper(path, depth));
      default -> throw new IllegalArgumentException(path + " is not a JSON value (string, number, boolean, list, object)");
    };
  }

  private static List<Object> list(String path, List<?> list, int depth) {
    if (list.size() > MAX_MEMBERS) throw new IllegalArgumentException(path + " has more than " + MAX_MEMBERS + " items");
    var copy = new ArrayList<Object>(list.size());
    for (int i = 0; i < list.size(); i++) copy.add(value(path + "[" + i + "]", list.get(i), depth));
    return Collections.unmodifiableList(copy);
  }

  private static int deeper(String path, int depth) {
    if (depth + 1 > MAX_DEPTH) throw new IllegalArgumentException(path + " nests deeper than " + MAX_DEPTH + " levels");
    return depth + 1;
  }
}
