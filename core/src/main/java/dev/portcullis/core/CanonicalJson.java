package dev.portcullis.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A canonical JSON serialisation of plain Java values (Map, List, String, Number, Boolean, null):
 * object keys sorted by code point, no insignificant white space, integral numbers without a
 * fraction, strings escaped minimally. Equal values give equal bytes, so digests of tool
 * definitions, arguments and audit records are stable.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of a value. */
  public static byte[] bytes(Object value) {
    var sb = new StringBuilder();
    write(sb, value);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of a value. */
  public static String text(Object value) {
    var sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  /** {@code sha256:<hex>} of the canonical bytes of a value. */
  public static String digest(Object value) {
    return "sha256:" + HexFormat.of().formatHex(sha256(bytes(value)));
  }

  /** SHA-256 of bytes. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static void write(StringBuilder sb, Object value) {
    switch (value) {
      case null -> sb.append("null");
      case String s -> string(sb, s);
      case Boolean b -> sb.append(b);
      case Integer i -> sb.append(i);
      case Long l -> sb.append(l);
      case Short s -> sb.append(s);
      case Byte b -> sb.append(b);
      case BigInteger i -> sb.append(i);
      case Number n -> number(sb, n);
      case Map<?, ?> m -> object(sb, m);
      case List<?> l -> array(sb, l);
      default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void number(StringBuilder sb, Number n) {
    BigDecimal d = n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      sb.append(stripped.toBigInteger());
    } else {
      sb.append(stripped.toPlainString());
    }
  }

  private static void object(StringBuilder sb, Map<?, ?> m) {
    var sorted = new TreeMap<String, Object>();
    m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    sb.append('{');
    boolean first = true;
    for (var e : sorted.entrySet()) {
      if (!first) sb.append(',');
      first = false;
      string(sb, e.getKey());
      sb.append(':');
      write(sb, e.getValue());
    }
    sb.append('}');
  }

  private static void array(StringBuilder sb, List<?> l) {
    sb.append('[');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) sb.append(',');
      write(sb, l.get(i));
    }
    sb.append(']');
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
