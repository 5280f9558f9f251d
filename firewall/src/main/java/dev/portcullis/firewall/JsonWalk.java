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
 *
 * <p>The walk keeps where it is as a stack of steps and builds a {@link JsonPath} only when asked
 * (a finding, an error): a large result with nothing to report creates no path objects at all.
 */
final class JsonWalk implements JsonLocation {
  /* Integers this large can be card numbers or ids, so they are scanned as text too. */
  private static final long SCANNED_NUMBER = 10_000_000L;

  /** Sees each string with its JSON path and returns it or its replacement. */
  interface Visitor {
    /** Sees a string at the walk's current place ({@code where.path()} names it, built on demand). */
    String visit(JsonLocation where, String text);

    /** Called when two keys of one object became equal after rewriting. */
    void keyCollision(JsonPath path);
  }

  private static final byte MEMBER = 0;
  private static final byte ELEMENT = 1;
  private static final byte KEY = 2;
  private final Visitor visitor;
  private final int maxDepth;
  /* The steps from the root to where the walk is: their kinds, member names and indexes. */
  private byte[] kinds = new byte[16];
  private String[] names = new String[16];
  private int[] indexes = new int[16];
  private int steps;

  JsonWalk(Visitor visitor, int maxDepth) {
    this.visitor = visitor;
    this.maxDepth = maxDepth;
  }

  Object walk(Object value) { return walk(value, 0); }

  /** The path of where the walk is now. */
  @Override public JsonPath path() {
    JsonPath p = JsonPath.ROOT;
    for (int i = 0; i < steps; i++) {
      p = switch (kinds[i]) {
        case MEMBER -> p.member(names[i]);
        case ELEMENT -> p.element(indexes[i]);
        default -> p.keyOf(indexes[i]);
      };
    }
    return p;
  }

  private void push(byte kind, String name, int index) {
    if (steps == kinds.length) {
      kinds = java.util.Arrays.copyOf(kinds, steps * 2);
      names = java.util.Arrays.copyOf(names, steps * 2);
      indexes = java.util.Arrays.copyOf(indexes, steps * 2);
    }
    kinds[steps] = kind;
    names[steps] = name;
    indexes[steps] = index;
    steps++;
  }

  private void pop() { names[--steps] = null; }

  private Object walk(Object value, int depth) {
    if (depth > maxDepth) throw new IllegalArgumentException("JSON value nested deeper than " + maxDepth + " levels at " + path());
    return switch (value) {
      case null -> null;
      case String s -> visitor.visit(this, s);
      case Map<?, ?> m -> object(m, depth);
      case List<?> l -> array(l, depth);
      case Collection<?> c -> array(new ArrayList<>(c), depth);
      case Boolean b -> b;
      case Number n -> number(n);
      case Character c -> visitor.visit(this, c.toString());
      default -> throw new IllegalArgumentException("cannot inspect a " + value.getClass().getName() + " at " + path()
          + "; expected JSON maps, lists, strings, numbers, booleans or null");
    };
  }

  private Object number(Number n) {
    if (!scanned(n)) return n;
    String text = n instanceof BigDecimal d ? d.toPlainString() : n.toString();
    String out = visitor.visit(this, text);
    return out.equals(text) ? n : out;
  }

  /* Whether the walk hands a number to the visitor as text: a whole number large enough to be a card number or an id. */
  static boolean scanned(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof BigInteger) return Math.abs(n.doubleValue()) >= SCANNED_NUMBER;
    return n instanceof BigDecimal d && d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(SCANNED_NUMBER)) >= 0;
  }

  private Object object(Map<?, ?> m, int depth) {
    Map<String, Object> copy = null;
    int i = 0;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("object at " + path() + " has a key that is not a string");
      }
      // A key's own path names its position, not its text: the key may be what gets redacted.
      // A walk that throws is not used again, so the steps need no unwinding on the way out.
      push(KEY, null, i);
      String newKey = visitor.visit(this, key);
      pop();
      push(MEMBER, newKey, -1);
      Object child = walk(e.getValue(), depth + 1);
      if (copy == null && (child != e.getValue() || !newKey.equals(key))) {
        copy = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<?, ?> before : m.entrySet()) {
          if (k++ == i) break;
          copy.put((String) before.getKey(), before.getValue());
        }
      }
      if (copy != null && copy.containsKey(newKey)) visitor.keyCollision(path());
      pop();
      if (copy != null) copy.put(newKey, child);
      i++;
    }
    return copy == null ? m : copy;
  }

  private Object array(List<?> l, int depth) {
    List<Object> copy = null;
    for (int i = 0; i < l.size(); i++) {
      Object item = l.get(i);
      push(ELEMENT, null, i);
      Object child = walk(item, depth + 1);
      pop();
      if (copy == null && child != item) {
        copy = new ArrayList<>(l.size());
        for (int k = 0; k < i; k++) copy.add(l.get(k));
      }
      if (copy != null) copy.add(child);
    }
    return copy == null ? l : copy;
  }
}
