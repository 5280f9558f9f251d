package dev.portcullis.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapts plain Java values (as JSON parsers produce them) to the values CEL's runtime expects:
 * every integral number a {@code Long}, every fractional number a {@code Double}. A value that
 * needs no change is returned as is, so well-typed input costs no allocation.
 */
final class CelValues {
  private CelValues() {}

  /** The value as CEL expects it. */
  static Object adapt(Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Double d -> d;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Float f -> f.doubleValue();
      case BigInteger i -> i.bitLength() < 64 ? (Object) i.longValue() : (Object) i.doubleValue();
      case BigDecimal d -> d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(LONG_MAX) <= 0
          ? (Object) d.longValue() : (Object) d.doubleValue();
      case Map<?, ?> m -> adaptMap(m);
      case List<?> l -> adaptList(l);
      default -> value;
    };
  }

  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /** A map with adapted values (and string keys), or the same map when nothing changes. */
  static Map<?, ?> adaptMap(Map<?, ?> map) {
    LinkedHashMap<Object, Object> copy = null;
    for (var e : map.entrySet()) {
      Object v = e.getValue();
      Object a = adapt(v);
      if (a != v && copy == null) {
        copy = new LinkedHashMap<>(map);
      }
      if (copy != null) copy.put(e.getKey(), a);
    }
    return copy == null ? map : copy;
  }

  private static List<?> adaptList(List<?> list) {
    ArrayList<Object> copy = null;
    for (int i = 0; i < list.size(); i++) {
      Object v = list.get(i);
      Object a = adapt(v);
      if (a != v && copy == null) copy = new ArrayList<>(list);
      if (copy != null) copy.set(i, a);
    }
    return copy == null ? list : copy;
  }
}
