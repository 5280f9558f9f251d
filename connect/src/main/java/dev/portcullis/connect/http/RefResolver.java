package dev.portcullis.connect.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inlines local JSON references ({@code "$ref": "#/components/schemas/Invoice"}) of one document. A
 * reference that leads back into itself is refused (a recursive schema cannot be inlined), as is one to
 * another document; the copy made for one value is capped in size, so a few references that fan out
 * cannot make an enormous schema.
 */
final class RefResolver {
  private static final int MAX_NODES = 20_000;

  private final Map<?, ?> document;

  RefResolver(Map<?, ?> document) { this.document = document; }

  /** {@code value} with every reference inlined, which must be an object. */
  @SuppressWarnings("unchecked")
  Map<String, Object> object(Object value, String what) {
    Object resolved = resolve(value, new ArrayDeque<>(), new int[1]);
    if (resolved instanceof Map<?, ?> m) return (Map<String, Object>) m;
    throw new IllegalArgumentException(what + " is not an object");
  }

  /** {@code value} with only its own top-level reference followed, which must be an object. */
  Map<String, Object> shallow(Object value, String what) {
    Object target = value;
    var seen = new ArrayDeque<String>();
    while (target instanceof Map<?, ?> m && m.get("$ref") instanceof String ref) {
      if (seen.contains(ref)) throw new IllegalArgumentException("$ref " + ref + " is cyclic");
      seen.push(ref);
      target = lookup(ref);
    }
    if (!(target instanceof Map<?, ?> m)) throw new IllegalArgumentException(what + " is not an object");
    var copy = new LinkedHashMap<String, Object>();
    m.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }

  private Object resolve(Object value, Deque<String> stack, int[] nodes) {
    if (++nodes[0] > MAX_NODES) throw new IllegalArgumentException("the schema grows beyond " + MAX_NODES + " nodes when its $refs are inlined");
    if (value instanceof Map<?, ?> map) {
      if (map.get("$ref") instanceof String ref) {
        if (stack.contains(ref)) throw new IllegalArgumentException("$ref " + ref + " is cyclic");
        stack.push(ref);
        Object target = resolve(lookup(ref), stack, nodes);
        stack.pop();
        if (map.size() == 1 || !(target instanceof Map<?, ?> t)) return target;
        // OpenAPI 3.1 allows keywords beside $ref (a description, say); they refine the target.
        var merged = new LinkedHashMap<String, Object>();
        t.forEach((k, v) -> merged.put(String.valueOf(k), v));
        for (var e : map.entrySet()) {
          if (!"$ref".equals(e.getKey())) merged.put(String.valueOf(e.getKey()), resolve(e.getValue(), stack, nodes));
        }
        return merged;
      }
      var copy = new LinkedHashMap<String, Object>();
      for (var e : map.entrySet()) copy.put(String.valueOf(e.getKey()), resolve(e.getValue(), stack, nodes));
      return copy;
    }
    if (value instanceof List<?> list) {
      var copy = new ArrayList<Object>(list.size());
      for (Object item : list) copy.add(resolve(item, stack, nodes));
      return copy;
    }
    return value;
  }

  private Object lookup(String ref) {
    if (!ref.startsWith("#/")) throw new IllegalArgumentException("$ref " + ref + " points outside the document, which is not supported");
    Object node = document;
    for (String raw : ref.substring(2).split("/", -1)) {
      String key = java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
          .replace("~1", "/").replace("~0", "~");
      if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) throw new IllegalArgumentException("$ref " + ref + " points to nothing");
      node = m.get(key);
    }
    return node;
  }
}
