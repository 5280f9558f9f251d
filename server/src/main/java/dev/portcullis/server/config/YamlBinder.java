package dev.portcullis.server.config;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A strict binder of YAML configuration onto immutable records. Keys are the record components'
 * names in kebab-case ({@code maxBodyBytes} is {@code max-body-bytes}); unknown keys, duplicate
 * keys, values of the wrong type and values a record's constructor rejects are errors, and every
 * error in a document is reported at once in a {@link ConfigException}, each with file, line and
 * column.
 *
 * <p>Component types: {@code String}, {@code int}/{@code Integer}, {@code long}/{@code Long},
 * {@code boolean}/{@code Boolean}, {@code double}/{@code Double}, {@link java.time.Duration}
 * ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}), {@link Path} (relative paths
 * resolve against the file's directory), enums (constants written lower-case with dashes:
 * {@code require-approval}), {@link Secret}, records, {@code List<T>} and {@code Map<String, T>}
 * of these. A missing key binds to {@code null} (zero or false for primitives) unless the
 * component is {@link Required}. Bound lists and maps are unmodifiable; maps keep document order.
 */
public final class YamlBinder {
  /** A binder; it holds no state and may be shared. */
  public YamlBinder() {}

  /**
   * Reads and binds a configuration file.
   *
   * @throws ConfigException listing every problem if the file cannot be read or bound
   * @throws IllegalArgumentException if {@code type} uses a component type the binder does not support
   */
  public <T extends Record> T bind(Path file, Class<T> type) {
    Objects.requireNonNull(file, "file");
    checkType(type);
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, 0, "cannot read: " + reason(e))));
    }
    return bind(file.toString(), directoryOf(file), text, type);
  }

  /**
   * Binds configuration text; {@code fileName} names it in problems and relative paths resolve
   * against its directory.
   *
   * @throws ConfigException listing every problem
   * @throws IllegalArgumentException if {@code type} uses a component type the binder does not support
   */
  public <T extends Record> T bind(String fileName, String yamlText, Class<T> type) {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(yamlText, "yamlText");
    checkType(type);
    return bind(fileName, directoryOf(Path.of(fileName)), yamlText, type);
  }

  private static <T extends Record> T bind(String fileName, Path directory, String text, Class<T> type) {
    Optional<Node> root;
    try {
      LoadSettings settings = LoadSettings.builder().setLabel(fileName).setSchema(new CoreSchema()).build();
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      throw new ConfigException(List.of(syntaxProblem(fileName, e)));
    } catch (YamlEngineException e) {
      throw new ConfigException(List.of(new ConfigProblem(fileName, 0, 0, "not valid YAML: " + e.getMessage())));
    }
    NodeBinder binder = new NodeBinder(fileName, directory);
    T value = binder.bindRoot(root, type);
    if (!binder.problems().isEmpty()) {
      throw new ConfigException(binder.problems().stream().distinct()
          .sorted(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
          .toList());
    }
    return value;
  }

  /* The engine's full message quotes the offending line, which may hold a secret: use its parts. */
  private static ConfigProblem syntaxProblem(String fileName, MarkedYamlEngineException e) {
    String message = e.getProblem() == null ? "not valid YAML" : e.getProblem();
    if (e.getContext() != null) {
      message += " (" + e.getContext()
          + e.getContextMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("")
          + ")";
    }
    Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
    return mark.isPresent()
        ? new ConfigProblem(fileName, mark.get().getLine() + 1, mark.get().getColumn() + 1, message)
        : new ConfigProblem(fileName, 0, 0, message);
  }

  private static Path directoryOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent != null ? parent : Path.of("").toAbsolutePath();
  }

  private static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException n -> "no such file";
      case AccessDeniedException a -> "permission denied";
      case MalformedInputException m -> "not UTF-8 text";
      default -> e.getClass().getSimpleName();
    };
  }

  /** Rejects, before any binding, a record type with a component the binder cannot bind. */
  private static void checkType(Class<? extends Record> type) {
    Objects.requireNonNull(type, "type");
    checkType(type, type.getName(), new HashSet<>());
  }

  private static void checkType(Type type, String where, Set<Class<?>> seen) {
    if (type instanceof Class<?> c && (Scalars.supports(c) || c == Object.class)) {
      return;
    }
    if (type instanceof Class<?> c && c.isRecord()) {
      if (seen.add(c)) {
        for (RecordComponent component : c.getRecordComponents()) {
          checkType(component.getGenericType(), c.getName() + "." + component.getName(), seen);
        }
      }
      return;
    }
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      checkType(p.getActualTypeArguments()[0], where, seen);
      return;
    }
    if (type instanceof ParameterizedType p && p.getRawType() == Map.class
        && p.getActualTypeArguments()[0] == String.class) {
      checkType(p.getActualTypeArguments()[1], where, seen);
      return;
    }
    throw new IllegalArgumentException("configuration cannot bind " + type.getTypeName() + " (in " + where + ")");
  }
}
