package dev.portcullis.connect.sql;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PGobject;

/**
 * Reads a result set into JSON-ready rows: one map per row, column label to value, in column order.
 * Numbers, strings, booleans and nulls stay what they are; times become ISO-8601 text, binary data
 * base64, arrays lists, {@code json}/{@code jsonb} their text, and anything else its text form.
 */
final class Rows {
  private Rows() {}

  /** The rows read, and whether there were more than {@code maxRows}. */
  record Read(List<Map<String, Object>> rows, boolean truncated) {}

  static Read read(ResultSet rs, int maxRows) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int columns = meta.getColumnCount();
    var labels = new String[columns];
    var seen = new java.util.HashSet<String>();
    for (int c = 1; c <= columns; c++) {
      String label = meta.getColumnLabel(c);
      String unique = label;
      for (int k = 2; !seen.add(unique); k++) unique = label + "_" + k;
      labels[c - 1] = unique;
    }
    var rows = new ArrayList<Map<String, Object>>();
    while (rs.next()) {
      if (rows.size() == maxRows) return new Read(rows, true);
      var row = new LinkedHashMap<String, Object>();
      for (int c = 1; c <= columns; c++) row.put(labels[c - 1], value(rs, meta, c));
      rows.add(row);
    }
    return new Read(rows, false);
  }

  private static Object value(ResultSet rs, ResultSetMetaData meta, int c) throws SQLException {
    Object raw = rs.getObject(c);
    if (raw == null) return null;
    return switch (meta.getColumnType(c)) {
      case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(c, OffsetDateTime.class).toString();
      case Types.TIMESTAMP -> "timestamptz".equals(meta.getColumnTypeName(c))
          ? rs.getObject(c, OffsetDateTime.class).toString() : rs.getObject(c, LocalDateTime.class).toString();
      case Types.DATE -> rs.getObject(c, LocalDate.class).toString();
      case Types.TIME -> rs.getObject(c, LocalTime.class).toString();
      default -> plain(raw);
    };
  }

  private static Object plain(Object raw) throws SQLException {
    if (raw instanceof String || raw instanceof Boolean || raw instanceof Integer || raw instanceof Long
        || raw instanceof Short || raw instanceof java.math.BigDecimal) {
      return raw;
    }
    if (raw instanceof Double d) return Double.isFinite(d) ? d : d.toString();
    if (raw instanceof Float f) return Float.isFinite(f) ? f.doubleValue() : f.toString();
    if (raw instanceof byte[] bytes) return Base64.getEncoder().encodeToString(bytes);
    if (raw instanceof Array array) {
      var list = new ArrayList<Object>();
      for (Object element : (Object[]) array.getArray()) list.add(element == null ? null : plain(element));
      return list;
    }
    if (raw instanceof PGobject pg) return pg.getValue();
    return raw.toString();
  }
}
