package dev.portcullis.connect.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP operation offered to agents as a tool.
 *
 * @param name        the tool name
 * @param description what the tool does, as agents see it
 * @param method      the HTTP method (GET, POST, PUT, PATCH or DELETE)
 * @param path        the URL path template relative to the connector's base URL ({@code /invoices/{id}})
 * @param inputSchema the input schema agents see: an object schema whose properties are the arguments
 * @param locations   where each argument goes
 * @param annotations the MCP tool annotations ({@code readOnlyHint}, ...)
 */
public record HttpTool(String name, String description, String method, String path, Map<String, Object> inputSchema,
                       Map<String, ParameterLocation> locations, Map<String, Object> annotations) {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  public HttpTool {
    inputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
    locations = Map.copyOf(locations);
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  /**
   * A tool declared in configuration, validated.
   *
   * @param parameters  a JSON Schema object whose {@code properties} may each carry {@code in}
   *                    ({@code path|query|header|body}); without it an argument named in the path template
   *                    goes there, else in the query for GET and DELETE, else in the body
   * @param annotations MCP tool annotations, or {@code null}
   * @throws ConnectorConfigException naming every problem with the declaration
   */
  public static HttpTool declare(String name, String description, String method, String path,
                                 Map<String, Object> parameters, Map<String, Object> annotations) {
    var problems = new ArrayList<String>();
    String where = "tool '" + name + "'";
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,128}")) problems.add(where + ": the name must be 1 to 128 of A-Z a-z 0-9 _ . -");
    String verb = method == null ? "" : method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(verb)) problems.add(where + ": method must be one of GET, POST, PUT, PATCH, DELETE, was '" + method + "'");
    List<String> placeholders = List.of();
    try {
      placeholders = PathTemplate.parse(path).names();
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
    }
    Map<String, Object> schema = parameters == null ? Map.of("type", "object", "properties", Map.of()) : parameters;
    Map<String, Object> properties = objectOrEmpty(schema.get("properties"), where + ": parameters.properties", problems);
    List<String> required = stringList(schema.get("required"), where + ": parameters.required", problems);
    var visible = new LinkedHashMap<String, Object>();
    var locations = new LinkedHashMap<String, ParameterLocation>();
    for (var e : properties.entrySet()) {
      String arg = e.getKey();
      if (!(e.getValue() instanceof Map<?, ?> raw)) {
        problems.add(where + ": parameter '" + arg + "' must be a schema object");
        continue;
      }
      var property = new LinkedHashMap<String, Object>();
      raw.forEach((k, v) -> property.put(String.valueOf(k), v));
      Object in = property.remove("in");
      ParameterLocation location;
      try {
        location = in != null ? ParameterLocation.parse(String.valueOf(in))
            : placeholders.contains(arg) ? ParameterLocation.PATH
            : verb.equals("GET") || verb.equals("DELETE") ? ParameterLocation.QUERY : ParameterLocation.BODY;
      } catch (IllegalArgumentException ex) {
        problems.add(where + ": parameter '" + arg + "': " + ex.getMessage());
        continue;
      }
      if (location == ParameterLocation.PATH && !placeholders.contains(arg)) problems.add(where + ": path parameter '" + arg + "' is not in the path " + path);
      if (location == ParameterLocation.PATH && !required.contains(arg)) problems.add(where + ": path parameter '" + arg + "' must be required");
      if (location == ParameterLocation.HEADER) {
        String problem = HeaderRules.problemWithAgentHeader(arg);
        if (problem != null) problems.add(where + ": header parameter " + problem);
      }
      locations.put(arg, location);
      visible.put(arg, property);
    }
    for (String placeholder : placeholders) {
      if (locations.get(placeholder) != ParameterLocation.PATH) problems.add(where + ": the path names {" + placeholder + "}, which is not a path parameter");
    }
    for (String r : required) if (!properties.containsKey(r)) problems.add(where + ": required parameter '" + r + "' is not among the properties");
    if (!problems.isEmpty()) throw new ConnectorConfigException(problems);

    var input = new LinkedHashMap<String, Object>(schema);
    input.put("type", "object");
    input.put("properties", visible);
    if (!required.isEmpty()) input.put("required", required);
    return new HttpTool(name, description == null ? "" : description, verb, path, input, locations,
        annotations == null ? Map.of() : annotations);
  }

  /** The tool as {@code tools/list} shows it. */
  public Map<String, Object> definition() {
    var def = new LinkedHashMap<String, Object>();
    def.put("name", name);
    if (!description.isEmpty()) def.put("description", description);
    def.put("inputSchema", inputSchema);
    if (!annotations.isEmpty()) def.put("annotations", annotations);
    return def;
  }

  /** The required argument names. */
  List<String> required() {
    return inputSchema.get("required") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectOrEmpty(Object value, String what, List<String> problems) {
    if (value == null) return Map.of();
    if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
    problems.add(what + " must be an object");
    return Map.of();
  }

  private static List<String> stringList(Object value, String what, List<String> problems) {
    if (value == null) return List.of();
    if (value instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) return l.stream().map(String.class::cast).toList();
    problems.add(what + " must be a list of names");
    return List.of();
  }
}
