package dev.portcullis.connect.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The tool candidates of an OpenAPI 3.0 or 3.1 document (JSON or YAML): one per operation with an
 * {@code operationId}. The operator picks the operations to offer by id; nothing is offered by default.
 *
 * <p>A candidate's input schema holds the operation's path, query and header parameters (path-level
 * ones included, operation-level ones overriding them) and the properties of its JSON request body as
 * body parameters. Local {@code $ref}s ({@code #/components/...}) are inlined; external and cyclic ones
 * are refused, as are operations with cookie parameters or a request body that is not a JSON object.
 * GET operations are marked {@code readOnlyHint}. The document's {@code servers} are ignored: the
 * connector's configured base URL is where calls go.
 */
public final class OpenApiTools {
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
  private static final int MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;

  /** An operation: its tool, or why it cannot be one. */
  private record Candidate(String operationId, HttpTool tool, String problem) {}

  private final Map<String, Candidate> candidates;

  private OpenApiTools(Map<String, Candidate> candidates) { this.candidates = candidates; }

  /**
   * Reads an OpenAPI document.
   *
   * @throws ConnectorConfigException when it is not YAML or JSON, not OpenAPI 3.0/3.1, or has duplicate operation ids
   */
  public static OpenApiTools parse(String document) {
    if (document.length() > MAX_DOCUMENT_CHARS) throw new ConnectorConfigException("the OpenAPI document is larger than " + MAX_DOCUMENT_CHARS + " characters");
    Object root;
    try {
      var settings = LoadSettings.builder()
          .setAllowDuplicateKeys(false)
          .setMaxAliasesForCollections(50)
          .setCodePointLimit(MAX_DOCUMENT_CHARS)
          .build();
      root = new Load(settings).loadFromString(document);
    } catch (YamlEngineException e) {
      throw new ConnectorConfigException("the OpenAPI document is not valid YAML or JSON: " + firstLine(e.getMessage()));
    }
    if (!(root instanceof Map<?, ?> doc)) throw new ConnectorConfigException("the OpenAPI document is not an object");
    Object version = doc.get("openapi");
    if (!(version instanceof String v) || !(v.startsWith("3.0.") || v.startsWith("3.1."))) {
      throw new ConnectorConfigException("only OpenAPI 3.0 and 3.1 documents are supported, this one says openapi: " + version);
    }
    var refs = new RefResolver(doc);
    var found = new LinkedHashMap<String, Candidate>();
    var problems = new ArrayList<String>();
    if (doc.get("paths") instanceof Map<?, ?> paths) {
      for (var p : paths.entrySet()) {
        String path = String.valueOf(p.getKey());
        Map<String, Object> item;
        try {
          item = refs.shallow(p.getValue(), "path item");
        } catch (IllegalArgumentException e) {
          problems.add("path " + path + ": " + e.getMessage());
          continue;
        }
        for (String method : METHODS) {
          if (!(item.get(method) instanceof Map<?, ?> op) || !(op.get("operationId") instanceof String id)) continue;
          if (found.containsKey(id)) {
            problems.add("operationId '" + id + "' is used by more than one operation");
            continue;
          }
          found.put(id, candidate(refs, id, method, path, item, op));
        }
      }
    }
    if (!problems.isEmpty()) throw new ConnectorConfigException(problems);
    return new OpenApiTools(found);
  }

  /** Every operation id in the document, in document order. */
  public List<String> operationIds() { return List.copyOf(candidates.keySet()); }

  /** The tools of every operation that can be one. */
  public List<HttpTool> candidates() {
    return candidates.values().stream().filter(c -> c.tool() != null).map(Candidate::tool).toList();
  }

  /**
   * The tools of the selected operations, in the order given.
   *
   * @throws ConnectorConfigException naming every unknown id and every selected operation that cannot be a tool
   */
  public List<HttpTool> select(List<String> operationIds) {
    var problems = new ArrayList<String>();
    var unknown = new ArrayList<String>();
    var tools = new ArrayList<HttpTool>();
    for (String id : new LinkedHashSet<>(operationIds)) {
      Candidate c = candidates.get(id);
      if (c == null) unknown.add(id);
      else if (c.tool() == null) problems.add("operation '" + id + "': " + c.problem());
      else tools.add(c.tool());
    }
    if (!unknown.isEmpty()) problems.addFirst("unknown operation ids: " + String.join(", ", unknown));
    if (!problems.isEmpty()) throw new ConnectorConfigException(problems);
    return List.copyOf(tools);
  }

  private static Candidate candidate(RefResolver refs, String id, String method, String path,
                                     Map<String, Object> item, Map<?, ?> op) {
    try {
      return new Candidate(id, tool(refs, id, method, path, item, op), null);
    } catch (IllegalArgumentException e) {
      return new Candidate(id, null, e.getMessage());
    }
  }

  private static HttpTool tool(RefResolver refs, String id, String method, String path, Map<String, Object> item, Map<?, ?> op) {
    var properties = new LinkedHashMap<String, Object>();
    var required = new ArrayList<String>();
    var parameters = new LinkedHashMap<String, Map<String, Object>>();
    for (Object list : new Object[] {item.get("parameters"), op.get("parameters")}) {
      if (list == null) continue;
      if (!(list instanceof List<?> l)) throw new IllegalArgumentException("parameters must be a list");
      for (Object raw : l) {
        Map<String, Object> parameter = refs.object(raw, "parameter");
        if (!(parameter.get("name") instanceof String name) || name.isEmpty()) throw new IllegalArgumentException("a parameter has no name");
        if (!(parameter.get("in") instanceof String in) || !List.of("path", "query", "header", "cookie").contains(in)) {
          throw new IllegalArgumentException("parameter '" + name + "' has no valid 'in'");
        }
        parameters.put(in + " " + name, parameter);
      }
    }
    for (Map<String, Object> parameter : parameters.values()) {
      String name = String.valueOf(parameter.get("name"));
      String in = String.valueOf(parameter.get("in"));
      if (in.equals("cookie")) throw new IllegalArgumentException("cookie parameter '" + name + "' is not supported");
      if (properties.containsKey(name)) throw new IllegalArgumentException("two parameters are named '" + name + "'");
      var schema = new LinkedHashMap<String, Object>(parameter.get("schema") == null ? Map.of() : refs.object(parameter.get("schema"), "schema"));
      if (parameter.get("description") instanceof String d && !schema.containsKey("description")) schema.put("description", d);
      schema.put("in", in);
      properties.put(name, schema);
      if (in.equals("path") || Boolean.TRUE.equals(parameter.get("required"))) required.add(name);
    }
    if (op.get("requestBody") != null) addBody(refs, refs.object(op.get("requestBody"), "requestBody"), properties, required);
    var schema = new LinkedHashMap<String, Object>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) schema.put("required", required);
    String summary = op.get("summary") instanceof String s ? s.strip() : "";
    String details = op.get("description") instanceof String d ? d.strip() : "";
    String description = summary.isEmpty() ? details : details.isEmpty() ? summary : summary + "\n\n" + details;
    var annotations = new LinkedHashMap<String, Object>();
    if (!summary.isEmpty()) annotations.put("title", summary);
    annotations.put("readOnlyHint", method.equals("get"));
    if (method.equals("delete")) annotations.put("destructiveHint", true);
    try {
      return HttpTool.declare(id, description, method.toUpperCase(Locale.ROOT), path, schema, annotations);
    } catch (ConnectorConfigException e) {
      throw new IllegalArgumentException(String.join("; ", e.problems()));
    }
  }

  private static void addBody(RefResolver refs, Map<String, Object> body, Map<String, Object> properties, List<String> required) {
    Map<String, Object> content = body.get("content") == null ? Map.of() : refs.object(body.get("content"), "requestBody.content");
    Object media = content.entrySet().stream()
        .filter(e -> { String t = e.getKey().toLowerCase(Locale.ROOT); return t.startsWith("application/json") || t.contains("+json"); })
        .map(Map.Entry::getValue).findFirst().orElse(null);
    boolean bodyRequired = Boolean.TRUE.equals(body.get("required"));
    if (media == null) {
      if (bodyRequired) throw new IllegalArgumentException("the request body is not JSON");
      return;
    }
    Map<String, Object> schema = refs.object(refs.object(media, "media type").getOrDefault("schema", Map.of()), "schema");
    if (!(schema.get("properties") instanceof Map<?, ?> bodyProps) || !"object".equals(schema.getOrDefault("type", "object"))) {
      throw new IllegalArgumentException("the request body schema is not an object with properties");
    }
    Set<String> bodyRequiredNames = new LinkedHashSet<>();
    if (schema.get("required") instanceof List<?> r) r.forEach(n -> bodyRequiredNames.add(String.valueOf(n)));
    for (var e : bodyProps.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (properties.containsKey(name)) throw new IllegalArgumentException("body property '" + name + "' has the name of a parameter");
      var property = new LinkedHashMap<String, Object>(refs.object(e.getValue(), "schema"));
      property.put("in", "body");
      properties.put(name, property);
      if (bodyRequired && bodyRequiredNames.contains(name)) required.add(name);
    }
  }

  private static String firstLine(String message) {
    if (message == null) return "";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
