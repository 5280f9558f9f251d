package dev.portcullis.server.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Binds the nodes of one YAML document onto a record type, collecting every problem instead of
 * stopping at the first. One instance binds one document.
 */
final class NodeBinder {
  /*
   * Each bind method returns the bound value, or INVALID when a problem was recorded for the node
   * or anything beneath it. A record with an INVALID component is not constructed, but its other
   * components are still bound so that their problems are found too.
   */
  private static final Object INVALID = new Object();

  private final String file;
  private final Path directory;
  private final List<ConfigProblem> problems = new ArrayList<>();

  NodeBinder(String file, Path directory) {
    this.file = file;
    this.directory = directory;
  }

  /** The problems recorded so far, in the order found. */
  List<ConfigProblem> problems() {
    return problems;
  }

  /** Binds a document's root (absent for an empty document); {@code null} if there were problems. */
  <T extends Record> T bindRoot(Optional<Node> root, Class<T> type) {
    Object value;
    if (root.isEmpty() || isNull(root.get())) {
      value = bindRecord(null, type);
    } else {
      value = bind(root.get(), type);
    }
    return value == INVALID ? null : type.cast(value);
  }

  /** Records a problem at a node's start, or at the top of the file when there is no node. */
  private Object problem(Node node, String message) {
    Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
    problems.add(mark.map(m -> new ConfigProblem(file, m.getLine() + 1, m.getColumn() + 1, message))
        .orElseGet(() -> new ConfigProblem(file, 1, 1, message)));
    return INVALID;
  }

  private Object bind(Node node, Type type) {
    if (node.isRecursive()) {
      return problem(node, "a recursive alias cannot be bound");
    }
    if (type instanceof Class<?> c) {
      if (c == Object.class) {
        return bindAny(node);
      }
      if (Scalars.supports(c)) {
        return bindScalar(node, c);
      }
      return bindRecord(node, c.asSubclass(Record.class));
    }
    ParameterizedType generic = (ParameterizedType) type;
    Type element = generic.getActualTypeArguments()[generic.getRawType() == Map.class ? 1 : 0];
    return generic.getRawType() == List.class ? bindList(node, element) : bindMap(node, element);
  }

  private Object bindScalar(Node node, Class<?> type) {
    if (!(node instanceof ScalarNode scalar)) {
      return problem(node, "expected " + Scalars.expected(type) + ", found " + kind(node));
    }
    try {
      return Scalars.convert(scalar, type, directory);
    } catch (IllegalArgumentException e) {
      return problem(node, e.getMessage());
    }
  }

  private Object bindList(Node node, Type element) {
    if (!(node instanceof SequenceNode sequence)) {
      return problem(node, "expected a list, found " + kind(node));
    }
    List<Object> values = new ArrayList<>();
    boolean valid = true;
    for (Node item : sequence.getValue()) {
      Object value = isNull(item) ? problem(item, "a list item must have a value") : bind(item, element);
      valid &= value != INVALID;
      values.add(value);
    }
    return valid ? List.copyOf(values) : INVALID;
  }

  private Object bindMap(Node node, Type valueType) {
    if (!(node instanceof MappingNode mapping)) {
      return problem(node, "expected a mapping, found " + kind(node));
    }
    Map<String, NodeTuple> entries = reportedEntries(mapping);
    boolean valid = entries.size() == mapping.getValue().size();
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      Node valueNode = entry.getValue().getValueNode();
      Object value = isNull(valueNode)
          ? problem(valueNode, "key '" + entry.getKey() + "' must have a value")
          : bind(valueNode, valueType);
      valid &= value != INVALID;
      values.put(entry.getKey(), value);
    }
    return valid ? Collections.unmodifiableMap(values) : INVALID;
  }

  /**
   * Binds free-form data (a JSON Schema in a connector's declaration, say) as plain values: mappings
   * become maps, lists lists, and scalars strings, numbers, booleans or null by their YAML tag.
   */
  private Object bindAny(Node node) {
    return switch (node) {
      case MappingNode mapping -> {
        Map<String, NodeTuple> entries = reportedEntries(mapping);
        boolean valid = entries.size() == mapping.getValue().size();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
          Object value = bindAny(entry.getValue().getValueNode());
          valid &= value != INVALID;
          values.put(entry.getKey(), value);
        }
        yield valid ? Collections.unmodifiableMap(values) : INVALID;
      }
      case SequenceNode sequence -> {
        List<Object> values = new ArrayList<>();
        boolean valid = true;
        for (Node item : sequence.getValue()) {
          Object value = bindAny(item);
          valid &= value != INVALID;
          values.add(value);
        }
        yield valid ? Collections.unmodifiableList(values) : INVALID;
      }
      case ScalarNode scalar -> scalarValue(scalar);
      default -> problem(node, "expected plain data, found " + kind(node));
    };
  }

  private Object scalarValue(ScalarNode scalar) {
    Tag tag = scalar.getTag();
    String text = scalar.getValue();
    try {
      if (tag.equals(Tag.NULL)) return null;
      if (tag.equals(Tag.BOOL)) return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
      if (tag.equals(Tag.INT)) return new java.math.BigInteger(text.replace("_", "")).longValueExact();
      if (tag.equals(Tag.FLOAT)) return Double.parseDouble(text);
    } catch (ArithmeticException | NumberFormatException e) {
      return problem(scalar, "'" + text + "' is not a number this configuration can hold");
    }
    return text;
  }

  /** Binds a mapping (or nothing, for an empty document) onto a record. */
  private Object bindRecord(Node node, Class<? extends Record> type) {
    if (node != null && !(node instanceof MappingNode)) {
      return problem(node, "expected a mapping, found " + kind(node));
    }
    Map<String, NodeTuple> entries = node == null ? Map.of() : reportedEntries((MappingNode) node);
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byKey = new LinkedHashMap<>();
    for (RecordComponent component : components) {
      byKey.put(Names.key(component.getName()), component);
    }
    boolean valid = node == null || entries.size() == ((MappingNode) node).getValue().size();
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!byKey.containsKey(entry.getKey())) {
        problem(entry.getValue().getKeyNode(), "unknown key '" + entry.getKey() + "'"
            + Names.hint(entry.getKey(), byKey.keySet()));
        valid = false;
      }
    }
    Object[] arguments = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      String key = Names.key(component.getName());
      NodeTuple entry = entries.get(key);
      Object value;
      if (entry == null || isNull(entry.getValueNode())) {
        value = component.isAnnotationPresent(Required.class)
            ? problem(entry == null ? node : entry.getValueNode(), "missing required key '" + key + "'")
            : absent(component.getType());
      } else {
        value = bind(entry.getValueNode(), component.getGenericType());
      }
      valid &= value != INVALID;
      arguments[i] = value;
    }
    return valid ? construct(node, type, components, arguments) : INVALID;
  }

  private Object construct(Node node, Class<? extends Record> type, RecordComponent[] components,
                           Object[] arguments) {
    Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      Constructor<? extends Record> constructor = type.getDeclaredConstructor(parameterTypes);
      constructor.trySetAccessible();
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      String message = e.getCause() instanceof IllegalArgumentException invalid
          ? invalid.getMessage()
          : "invalid " + Names.key(type.getSimpleName()) + " (" + e.getCause().getClass().getSimpleName() + ": "
              + e.getCause().getMessage() + ")";
      return problem(node, message);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /** The entries of a mapping by key, reporting non-scalar and duplicate keys. */
  private Map<String, NodeTuple> reportedEntries(MappingNode mapping) {
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    Map<String, Node> first = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key) || isNull(key)) {
        problem(tuple.getKeyNode(), "a key must be a plain name, found " + kind(tuple.getKeyNode()));
      } else if (first.containsKey(key.getValue())) {
        int line = first.get(key.getValue()).getStartMark().map(m -> m.getLine() + 1).orElse(0);
        problem(key, "duplicate key '" + key.getValue() + "' (first at line " + line + ")");
      } else {
        first.put(key.getValue(), key);
        entries.put(key.getValue(), tuple);
      }
    }
    return entries;
  }

  private static Object absent(Class<?> type) {
    if (type == int.class) {
      return 0;
    } else if (type == long.class) {
      return 0L;
    } else if (type == double.class) {
      return 0.0;
    } else if (type == boolean.class) {
      return false;
    }
    return null;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private static String kind(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      default -> isNull(node) ? "nothing" : "a single value";
    };
  }
}
