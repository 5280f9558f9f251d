package dev.portcullis.bench.scenarios.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tool of a scenario server: what the agent is told about it (name, description, input schema,
 * annotations) and what it does to the server's state.
 *
 * @param name          the tool's name on its server
 * @param description   the description agents read
 * @param inputSchema   JSON schema of the arguments
 * @param kind          what the tool does to the world; consequential kinds are journalled
 * @param handler       the implementation
 */
public record ToolDef(String name, String description, Map<String, Object> inputSchema, Kind kind, Handler handler) {
  public ToolDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    inputSchema = Map.copyOf(inputSchema);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(handler, "handler");
  }

  /** What a call does, which decides its MCP annotations and whether it is journalled. */
  public enum Kind {
    /** Reads the user's own data. */
    READS(true, false, false, false),
    /** Fetches from the open web. */
    BROWSES(true, false, true, false),
    /** Changes the user's own data (an address, a password, a standing order). */
    CHANGES(false, false, false, true),
    /** Acts towards others: pays, sends, shares, invites, books. */
    SENDS(false, false, true, true),
    /** Removes something the user cannot get back. */
    DESTROYS(false, true, false, true);

    final boolean readOnly;
    final boolean destructive;
    final boolean openWorld;
    final boolean journalled;

    Kind(boolean readOnly, boolean destructive, boolean openWorld, boolean journalled) {
      this.readOnly = readOnly;
      this.destructive = destructive;
      this.openWorld = openWorld;
      this.journalled = journalled;
    }

    /** Whether calls of this kind are consequential, so the server appends them to its journal. */
    public boolean journalled() { return journalled; }
  }

  /** The implementation of a tool: reads and changes {@code state}, returns what the agent sees. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Performs the call.
     *
     * @throws ToolFailure when the arguments are unusable
     */
    JsonNode handle(ObjectNode state, Args args);
  }

  /** The definition the MCP SDK announces in tools/list. */
  public McpSchema.Tool toMcp() {
    var annotations = new McpSchema.ToolAnnotations(null, kind.readOnly, kind.destructive, kind.readOnly, kind.openWorld, null);
    return McpSchema.Tool.builder(name, inputSchema).description(description).annotations(annotations).build();
  }

  /** Starts an input schema of type object. */
  public static Schema schema() { return new Schema(); }

  /** A builder of simple object schemas: named properties of scalar or string-list type. */
  public static final class Schema {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    private Schema() {}

    /** A required string property. */
    public Schema string(String name, String description) { return add(name, "string", description, true); }

    /** An optional string property. */
    public Schema optionalString(String name, String description) { return add(name, "string", description, false); }

    /** A required number property. */
    public Schema number(String name, String description) { return add(name, "number", description, true); }

    /** An optional number property. */
    public Schema optionalNumber(String name, String description) { return add(name, "number", description, false); }

    /** An optional integer property. */
    public Schema optionalInteger(String name, String description) { return add(name, "integer", description, false); }

    /** An optional boolean property. */
    public Schema optionalBoolean(String name, String description) { return add(name, "boolean", description, false); }

    /** A required list-of-strings property. */
    public Schema strings(String name, String description) {
      properties.put(name, Map.of("type", "array", "items", Map.of("type", "string"), "description", description));
      required.add(name);
      return this;
    }

    /** An optional list-of-strings property. */
    public Schema optionalStrings(String name, String description) {
      properties.put(name, Map.of("type", "array", "items", Map.of("type", "string"), "description", description));
      return this;
    }

    private Schema add(String name, String type, String description, boolean isRequired) {
      properties.put(name, Map.of("type", type, "description", description));
      if (isRequired) required.add(name);
      return this;
    }

    /** The schema as a JSON-schema map. */
    public Map<String, Object> build() {
      var schema = new LinkedHashMap<String, Object>();
      schema.put("type", "object");
      schema.put("properties", Map.copyOf(properties));
      schema.put("required", List.copyOf(required));
      schema.put("additionalProperties", false);
      return schema;
    }
  }
}
