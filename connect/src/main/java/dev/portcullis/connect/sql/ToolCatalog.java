package dev.portcullis.connect.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tools of one connector: their MCP definitions, and each named query read once. */
final class ToolCatalog {
  private static final Map<String, Object> OUTPUT_SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of(
          "rows", Map.of("type", "array", "items", Map.of("type", "object")),
          "rowCount", Map.of("type", "integer"),
          "truncated", Map.of("type", "boolean")),
      "required", List.of("rows", "rowCount", "truncated"));

  private final SqlConnectorSettings settings;
  private final Map<String, SqlQuery> queries = new LinkedHashMap<>();
  private final Map<String, SqlText> texts = new LinkedHashMap<>();

  ToolCatalog(SqlConnectorSettings settings) {
    this.settings = settings;
    for (SqlQuery q : settings.queries()) {
      queries.put(q.name(), q);
      texts.put(q.name(), SqlText.parse(q.sql()));
    }
  }

  boolean has(String tool) { return queries.containsKey(tool) || isFreeQuery(tool); }

  boolean isFreeQuery(String tool) {
    return settings.freeQuery() != null && SqlConnectorSettings.FREE_QUERY_TOOL.equals(tool);
  }

  SqlQuery query(String tool) { return queries.get(tool); }

  SqlText text(String tool) { return texts.get(tool); }

  List<String> names() {
    var names = new ArrayList<>(queries.keySet());
    if (settings.freeQuery() != null) names.add(SqlConnectorSettings.FREE_QUERY_TOOL);
    return List.copyOf(names);
  }

  List<Map<String, Object>> definitions() {
    var tools = new ArrayList<Map<String, Object>>();
    for (SqlQuery q : queries.values()) {
      var schema = new LinkedHashMap<String, Object>();
      schema.put("type", "object");
      schema.put("properties", q.parameters());
      if (!q.required().isEmpty()) schema.put("required", q.required());
      schema.put("additionalProperties", false);
      tools.add(tool(q.name(), q.description(), schema, q.readOnly()));
    }
    if (settings.freeQuery() != null) {
      var schema = new LinkedHashMap<String, Object>();
      schema.put("type", "object");
      schema.put("properties", Map.of("sql", Map.of("type", "string",
          "description", "One SQL statement. It runs in a read-only transaction.")));
      schema.put("required", List.of("sql"));
      schema.put("additionalProperties", false);
      tools.add(tool(SqlConnectorSettings.FREE_QUERY_TOOL, "Runs one read-only SQL statement on " + settings.name()
          + " and returns at most " + settings.freeQuery().maxRows() + " rows.", schema, true));
    }
    return tools;
  }

  private static Map<String, Object> tool(String name, String description, Map<String, Object> inputSchema,
                                          boolean readOnly) {
    var tool = new LinkedHashMap<String, Object>();
    tool.put("name", name);
    tool.put("description", description);
    tool.put("inputSchema", inputSchema);
    tool.put("outputSchema", OUTPUT_SCHEMA);
    tool.put("annotations", Map.of("readOnlyHint", readOnly, "destructiveHint", !readOnly,
        "idempotentHint", readOnly, "openWorldHint", false));
    return tool;
  }
}
