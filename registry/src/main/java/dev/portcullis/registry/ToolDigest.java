package dev.portcullis.registry;

import dev.portcullis.core.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digest that pins a tool definition. It covers every field that tells a model what a tool
 * does or how to call it — name, title, description, input and output schema, annotations — so a
 * changed description (the usual vehicle of tool poisoning) changes the digest.
 */
public final class ToolDigest {
  /** The fields of a definition that are pinned. */
  public static final List<String> PINNED_FIELDS =
      List.of("name", "title", "description", "inputSchema", "outputSchema", "annotations");

  private ToolDigest() {}

  /** The pinned part of a definition. */
  public static Map<String, Object> pinned(Map<String, Object> definition) {
    var pinned = new LinkedHashMap<String, Object>();
    for (String f : PINNED_FIELDS) if (definition.containsKey(f)) pinned.put(f, definition.get(f));
    return pinned;
  }

  /** {@code sha256:<hex>} of the pinned part of a definition. */
  public static String of(Map<String, Object> definition) {
    return CanonicalJson.digest(pinned(definition));
  }
}
