package dev.portcullis.identity.idp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a claim value out of a token into an immutable value fit for policy, within bounds on
 * nesting, container size and total text, so that a token cannot make policy evaluation
 * arbitrarily expensive. JSON nulls are dropped (an absent member and a null one mean the same
 * here, and immutable collections hold no nulls).
 */
final class BoundedCopy {
  /** The deepest nesting of a copied value (a list of strings is depth 1). */
  static final int MAX_DEPTH = 4;
  /** The most entries in one copied array or object. */
  static final int MAX_ENTRIES = 1024;
  /** The longest copied string, in characters. */
  static final int MAX_STRING = 4096;
  /** The most characters all strings (and member names) of one copied value may add up to. */
  static final int MAX_TOTAL_CHARACTERS = 64 * 1024;

  private int characters;

  private BoundedCopy() {}

  /** An immutable copy of {@code value}, or {@code null} when it is too large or too deep. */
  static Object of(Object value) {
    try {
      return new BoundedCopy().copy(value, 0);
    } catch (TooLarge e) {
      return null;
    }
  }

  private Object copy(Object value, int depth) throws TooLarge {
    return switch (value) {
      case String s -> count(s);
      case Number n -> n;
      case Boolean b -> b;
      case Map<?, ?> map -> copyMap(map, depth + 1);
      case List<?> list -> copyList(list, depth + 1);
      default -> throw new TooLarge();
    };
  }

  private Map<String, Object> copyMap(Map<?, ?> map, int depth) throws TooLarge {
    if (depth > MAX_DEPTH || map.size() > MAX_ENTRIES) throw new TooLarge();
    var copy = new LinkedHashMap<String, Object>();
    for (var entry : map.entrySet()) {
      if (entry.getValue() == null) continue;
      copy.put(count(String.valueOf(entry.getKey())), copy(entry.getValue(), depth));
    }
    return Map.copyOf(copy);
  }

  private List<Object> copyList(List<?> list, int depth) throws TooLarge {
    if (depth > MAX_DEPTH || list.size() > MAX_ENTRIES) throw new TooLarge();
    var copy = new ArrayList<>(list.size());
    for (Object element : list) {
      if (element != null) copy.add(copy(element, depth));
    }
    return List.copyOf(copy);
  }

  private String count(String s) throws TooLarge {
    characters += s.length();
    if (s.length() > MAX_STRING || characters > MAX_TOTAL_CHARACTERS) throw new TooLarge();
    return s;
  }

  /** Thrown inside a copy to abandon it. */
  private static final class TooLarge extends Exception {
    TooLarge() { super(null, null, false, false); }
  }
}
