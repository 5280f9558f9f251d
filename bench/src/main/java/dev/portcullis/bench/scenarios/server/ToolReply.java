package dev.portcullis.bench.scenarios.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * What a tool answers: a JSON value the agent reads as indented text, or an error message.
 *
 * @param value the result, or {@code null} for an error
 * @param error the error message, or {@code null} for a result
 */
public record ToolReply(JsonNode value, String error) {
  /** A result. */
  public static ToolReply ok(JsonNode value) { return new ToolReply(value, null); }

  /** An error the agent is told about. */
  public static ToolReply failed(String message) { return new ToolReply(null, message); }

  /** Whether the call failed. */
  public boolean isError() { return error != null; }

  /** The text an agent reads. */
  public String text() { return isError() ? error : Json.pretty(value); }

  /**
   * The MCP result: the indented JSON as text content, mirrored as structured content (wrapped in
   * {@code {"items": ...}} when it is not an object, since structured content must be an object).
   */
  public McpSchema.CallToolResult toMcp() {
    var builder = McpSchema.CallToolResult.builder().addTextContent(text()).isError(isError());
    if (!isError()) {
      JsonNode object = value.isObject() ? value : Json.object().set("items", value);
      builder.structuredContent(Json.map(object));
    }
    return builder.build();
  }
}
