package dev.portcullis.connect.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one named-query call, checked against the query's parameters and bound to its
 * placeholders by type. Values only ever reach the database as bind parameters.
 */
final class Arguments {
  private final List<Object> values;
  private final List<String> types;

  private Arguments(List<Object> values, List<String> types) {
    this.values = values;
    this.types = types;
  }

  /** Thrown when the agent's arguments do not fit the query; the message is for the agent. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) { super(message); }
  }

  /**
   * Checks {@code arguments} and lines the values up with the placeholders of {@code text}.
   *
   * @throws Invalid listing every problem
   */
  static Arguments check(SqlQuery query, SqlText text, Map<String, Object> arguments) throws Invalid {
    var problems = new ArrayList<String>();
    for (String given : arguments.keySet()) {
      if (!query.parameters().containsKey(given)) problems.add("unknown argument " + given);
    }
    for (String required : query.required()) {
      if (arguments.get(required) == null) problems.add("missing required argument " + required);
    }
    query.parameters().forEach((name, schema) -> {
      Object value = arguments.get(name);
      String type = String.valueOf(schema.get("type"));
      if (value != null && !fits(type, value)) problems.add("argument " + name + " must be " + article(type) + " " + type);
    });
    if (!problems.isEmpty()) throw new Invalid(String.join("; ", problems));
    var values = new ArrayList<Object>();
    var types = new ArrayList<String>();
    for (String name : text.parameters()) {
      values.add(arguments.get(name));
      types.add(String.valueOf(query.parameters().get(name).get("type")));
    }
    return new Arguments(values, types);
  }

  /** Binds the values to the statement's placeholders. */
  void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      int at = i + 1;
      if (v == null) {
        ps.setNull(at, Types.NULL);
        continue;
      }
      switch (types.get(i)) {
        case "string" -> ps.setString(at, (String) v);
        case "integer" -> ps.setLong(at, ((Number) v).longValue());
        case "number" -> ps.setBigDecimal(at, new BigDecimal(v.toString()));
        case "boolean" -> ps.setBoolean(at, (Boolean) v);
        default -> throw new IllegalStateException("unchecked type " + types.get(i));
      }
    }
  }

  private static boolean fits(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "number" -> value instanceof Number n && finite(n);
      case "integer" -> isLong(value);
      default -> false;
    };
  }

  private static boolean isLong(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) return true;
    if (value instanceof BigInteger b) return b.bitLength() < 64;
    if (value instanceof BigDecimal d) {
      try {
        d.longValueExact();
        return true;
      } catch (ArithmeticException e) {
        return false;
      }
    }
    if (value instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 0x1p53;
    return false;
  }

  private static boolean finite(Number n) {
    return !(n instanceof Double d && !Double.isFinite(d)) && !(n instanceof Float f && !Float.isFinite(f));
  }

  private static String article(String type) { return type.equals("integer") ? "an" : "a"; }
}
