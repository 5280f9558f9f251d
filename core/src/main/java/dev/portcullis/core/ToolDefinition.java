package dev.portcullis.core;

import java.util.Map;
import java.util.Objects;

/**
 * A tool as an agent sees it, resolved against the registry.
 *
 * @param name         the namespaced name agents call ({@code <upstream>.<tool>})
 * @param upstream     the upstream that serves it
 * @param upstreamName the tool's name at the upstream
 * @param digest       the pinned digest of the vetted definition ({@code sha256:<hex>})
 * @param definition   the definition as the upstream published it (name, description, inputSchema, annotations, ...)
 */
public record ToolDefinition(String name, String upstream, String upstreamName, String digest,
                             Map<String, Object> definition) {
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(upstreamName, "upstreamName");
    Objects.requireNonNull(digest, "digest");
    definition = Map.copyOf(definition);
  }

  /** The tool's annotations (readOnlyHint, destructiveHint, ...), empty when it has none. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> annotations() {
    return definition.get("annotations") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The tool's input JSON Schema, empty when it has none. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> inputSchema() {
    return definition.get("inputSchema") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
