package dev.portcullis.firewall;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a JSON value (maps, lists, strings, numbers, booleans, null) and hands every string — object
 * keys included — to a visitor that may rewrite it. The result shares every part that did not change
 * with the input, so an unchanged value costs no copying.
 */
final class JsonWalk {
  /* Integers this large can be card numbers or ids, so they are scanned as text too. */
  private static final long SCANNED_NUMBER = 10_000_000L;

  /** Sees each string with its JSON path and returns it or its replacement. */
  interface Visitor {
    String visit(JsonPath path, String text);

    /** Called when two keys of one object became equal after rewriting. */
    void keyCollision(JsonPath path);
  }

  private final Visitor visitor;
  private final int maxDepth;

  JsonWalk(Visitor visitor, int maxDepth) {
    this.visitor = visitor;
    this.maxDepth = maxDepth;
  }

  Object walk(Object value) { return walk(value, JsonPath.ROOT, 0); }

  private Object walk(Object value, JsonPath path, int depth) {
    if (depth > maxDepth) throw new IllegalArgumentException("JSON value nested deeper than " + maxDepth + " levels at " + path);
    return switch (value) {
      case null -> null;
      case String s -> visitor.visit(path, s);
      case Map<?, ?> m -> object(m, path, depth);
      case List<?> l -> array(l, path, depth);
      case Collection<?> c -> array(new ArrayList<>(c), path, depth);
      case Boolean b -> b;
      case Number n -> number(n, path);
      case Character c -> visitor.visit(path, c.toString());
      default -> throw new IllegalArgumentException("cannot inspect a " + value.getClass().getName() + " at " + path
          + "; expected JSON maps, lists, strings, numbers, booleans or null");
    };
  }

  private Object number(Number n, JsonPath path) {
    String text;
    if (n instanceof Long || n instanceof Integer || n instanceof BigInteger) {
      if (Math.abs(n.doubleValue()) < SCANNED_NUMBER) return n;
      text = n.toString();
    } else if (n instanceof BigDecimal d && d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(SCANNED_NUMBER)) >= 0) {
      text = d.toPlainString();
    } else {
      return n;
    }
    String out = visitor.visit(path, text);
    return out.equals(text) ? n : out;
  }

  private Object object(Map<?, ?> m, JsonPath path, int depth) {
    Map<String, Object> copy = null;
    int i = 0;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("object at " + path + " has a key that is not a string");
      }
      // A key's own path names its position, not its text: the key may be what gets redacted.
      String newKey = visitor.visit(path.keyOf(i), key);
      JsonPath childPath = path.member(newKey);
      Object child = walk(e.getValue(), childPath, depth + 1);
      if (copy == null && (child != e.getValue() || !newKey.equals(key))) {
        copy = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<?, ?> before : m.entrySet()) {
          if (k++ == i) break;
          copy.put((String) before.getKey(), before.getValue());
        }
      }
      if (copy != null) {
        if (copy.containsKey(newKey)) visitor.keyCollision(childPath);
        copy.put(newKey, child);
      }
      i++;
    }
    return copy == null ? m : copy;
  }

  private Object array(List<?> l, JsonPath path, int depth) {
    List<Object> copy = null;
    for (int i = 0; i < l.size(); i++) {
      Object item = l.get(i);
      Object child = walk(item, path.element(i), depth + 1);
      if (copy == null && child != item) {
        copy = new ArrayList<>(l.size());
        for (int k = 0; k < i; k++) copy.add(l.get(k));
      }
      if (copy != null) copy.add(child);
    }
    return copy == null ? l : copy;
  }
}
