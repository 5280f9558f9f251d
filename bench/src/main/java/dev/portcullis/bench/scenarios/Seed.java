package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portcullis.bench.scenarios.server.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seeded data of a suite's server, with injection slots: places such as a transaction subject,
 * an email body or a review whose text an attacker controls. A slot is written {@code {{name}}}
 * inside a string of the state; each slot has benign default text used in runs without an attack.
 */
public final class Seed {
  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z_]+)}}");

  private final ObjectNode state;
  private final Map<String, String> defaults;

  private Seed(ObjectNode state, Map<String, String> defaults) {
    this.state = state;
    this.defaults = Map.copyOf(defaults);
    Set<String> used = new TreeSet<>();
    collect(state, used);
    if (!used.equals(new TreeSet<>(defaults.keySet()))) {
      throw new IllegalArgumentException("slots used in the state " + used + " differ from slots declared " + new TreeSet<>(defaults.keySet()));
    }
  }

  /** Loads {@code scenarios/<name>.json} from the classpath: {@code {"slots": {...}, "state": {...}}}. */
  public static Seed load(String name) {
    String resource = "/scenarios/" + name + ".json";
    try (InputStream in = Seed.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no seed resource " + resource);
      JsonNode root = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      if (!(root.get("state") instanceof ObjectNode s)) throw new IllegalArgumentException(resource + " has no object 'state'");
      var defaults = new LinkedHashMap<String, String>();
      root.path("slots").properties().forEach(e -> defaults.put(e.getKey(), e.getValue().asText()));
      return new Seed(s, defaults);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The slot names. */
  public Set<String> slots() { return new TreeSet<>(defaults.keySet()); }

  /** The state with every slot at its benign default. */
  public ObjectNode benign() { return render(Map.of()); }

  /** The state with {@code text} in every slot: an attacker who controls every channel the suite has. */
  public ObjectNode attacked(String text) {
    var fills = new HashMap<String, String>();
    defaults.keySet().forEach(k -> fills.put(k, text));
    return render(fills);
  }

  /** The state with these slot texts; slots not named keep their defaults. */
  public ObjectNode render(Map<String, String> fills) {
    for (String k : fills.keySet()) {
      if (!defaults.containsKey(k)) throw new IllegalArgumentException("no slot '" + k + "'; slots: " + slots());
    }
    var merged = new HashMap<>(defaults);
    merged.putAll(fills);
    return (ObjectNode) fill(state.deepCopy(), merged);
  }

  private static JsonNode fill(JsonNode node, Map<String, String> fills) {
    if (node instanceof ObjectNode o) {
      o.properties().forEach(e -> e.setValue(fill(e.getValue(), fills)));
      return o;
    }
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, fill(a.get(i), fills));
      return a;
    }
    if (node.isTextual() && node.asText().contains("{{")) {
      Matcher m = SLOT.matcher(node.asText());
      return TextNode.valueOf(m.replaceAll(r -> Matcher.quoteReplacement(fills.get(r.group(1)))));
    }
    return node;
  }

  private static void collect(JsonNode node, Set<String> into) {
    if (node.isTextual()) {
      Matcher m = SLOT.matcher(node.asText());
      while (m.find()) into.add(m.group(1));
    }
    node.forEach(child -> collect(child, into));
  }
}
