package dev.portcullis.connect.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A query the operator wrote, offered to agents as one tool. Agents supply only the values of its
 * named parameters; the SQL is fixed, and every value is bound as a JDBC parameter.
 *
 * @param name        the tool name (letters, digits, {@code _} and {@code -}, at most 64)
 * @param description what the tool does, for the agent
 * @param sql         one statement with named parameters ({@code :customer_id}); {@code ::} casts are fine
 * @param parameters  the JSON Schema {@code properties} of the arguments: one per named parameter, each
 *                    with a {@code type} of {@code string}, {@code integer}, {@code number} or {@code boolean}
 * @param required    the parameters that must be given (the others are bound as SQL {@code NULL} when absent)
 * @param readOnly    whether the query runs in a read-only transaction (and is announced as read-only)
 * @param maxRows     the most rows returned; more are cut off and the result says {@code truncated}
 */
public record SqlQuery(String name, String description, String sql, Map<String, Map<String, Object>> parameters,
                       List<String> required, boolean readOnly, int maxRows) {
  static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean");

  /**
   * @throws IllegalArgumentException listing every problem at once
   */
  public SqlQuery {
    Objects.requireNonNull(parameters, "parameters");
    var copy = new LinkedHashMap<String, Map<String, Object>>();
    parameters.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    parameters = java.util.Collections.unmodifiableMap(copy);
    required = List.copyOf(Objects.requireNonNull(required, "required"));
    var problems = new ArrayList<String>();
    if (name == null || !TOOL_NAME.matcher(name).matches()) problems.add("name must be 1 to 64 letters, digits, _ or -");
    if (description == null || description.isBlank()) problems.add("description is required");
    SqlText text = null;
    if (sql == null || sql.isBlank()) {
      problems.add("sql is required");
    } else {
      try {
        text = SqlText.parse(sql);
      } catch (IllegalArgumentException e) {
        problems.add("sql: " + e.getMessage());
      }
    }
    if (text != null) {
      if (text.statements() != 1) problems.add("sql must be exactly one statement, found " + text.statements());
      if (text.questionMarks()) problems.add("sql may not contain '?'; use named parameters (:name), and functions instead of ? operators");
      for (String p : text.parameters()) {
        if (!parameters.containsKey(p)) problems.add("sql uses :" + p + ", which is not among the parameters");
      }
      for (String p : parameters.keySet()) {
        if (!text.parameters().contains(p)) problems.add("parameter " + p + " is not used in the sql");
      }
    }
    parameters.forEach((p, schema) -> {
      if (!TYPES.contains(String.valueOf(schema.get("type")))) {
        problems.add("parameter " + p + " needs a type of string, integer, number or boolean");
      }
    });
    for (String r : required) {
      if (!parameters.containsKey(r)) problems.add("required names " + r + ", which is not a parameter");
    }
    if (maxRows < 1) problems.add("max-rows must be at least 1, was " + maxRows);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("query " + name + ": " + String.join("; ", problems));
    }
  }
}
