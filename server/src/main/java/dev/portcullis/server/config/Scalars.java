package dev.portcullis.server.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Conversions of YAML scalars to the component types the binder supports. A conversion that fails
 * throws {@link IllegalArgumentException} whose message says what was expected.
 */
final class Scalars {
  private static final Set<Class<?>> TYPES = Set.of(String.class, int.class, Integer.class, long.class, Long.class,
      boolean.class, Boolean.class, double.class, Double.class, Duration.class, Path.class, Secret.class);
  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");
  private static final int MAX_QUOTED = 40;

  private Scalars() {}

  /** Whether values of this type are written as scalars. */
  static boolean supports(Class<?> type) {
    return TYPES.contains(type) || type.isEnum();
  }

  /** What a value of this type looks like, for "expected ..." messages. */
  static String expected(Class<?> type) {
    if (type == String.class) {
      return "a string";
    } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    } else if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    } else if (type == double.class || type == Double.class) {
      return "a number";
    } else if (type == Duration.class) {
      return "a duration such as 500ms, 30s, 5m, 1h or 2d";
    } else if (type == Path.class) {
      return "a path";
    } else if (type == Secret.class) {
      return "a secret reference ${env:NAME} or ${file:PATH}";
    }
    return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> Names.constant((Enum<?>) c))
        .collect(Collectors.joining(", "));
  }

  /** The value of a non-null scalar as this type; relative paths resolve against {@code directory}. */
  static Object convert(ScalarNode node, Class<?> type, Path directory) {
    String text = node.getValue();
    Tag tag = node.getTag();
    if (type == String.class) {
      return text;
    } else if (type == int.class || type == Integer.class) {
      return integer(text, tag, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
    } else if (type == long.class || type == Long.class) {
      return integer(text, tag, Long.MIN_VALUE, Long.MAX_VALUE).longValue();
    } else if (type == boolean.class || type == Boolean.class) {
      require(tag.equals(Tag.BOOL), type, text);
      return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
    } else if (type == double.class || type == Double.class) {
      return number(text, tag);
    } else if (type == Duration.class) {
      return duration(text);
    } else if (type == Path.class) {
      return path(text, directory);
    } else if (type == Secret.class) {
      return secret(text, directory);
    }
    return constant(text, type);
  }

  private static BigInteger integer(String text, Tag tag, long min, long max) {
    Class<?> type = max == Integer.MAX_VALUE ? int.class : long.class;
    require(tag.equals(Tag.INT), type, text);
    String digits = text.startsWith("+") ? text.substring(1) : text;
    BigInteger value;
    if (digits.startsWith("0x")) {
      value = new BigInteger(digits.substring(2), 16);
    } else if (digits.startsWith("0o")) {
      value = new BigInteger(digits.substring(2), 8);
    } else {
      value = new BigInteger(digits);
    }
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException("expected an integer from " + min + " to " + max + ", found " + quote(text));
    }
    return value;
  }

  private static double number(String text, Tag tag) {
    require(tag.equals(Tag.INT) || tag.equals(Tag.FLOAT), double.class, text);
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".nan") || lower.endsWith(".inf")) {
      throw new IllegalArgumentException("expected a finite number, found " + quote(text));
    }
    if (tag.equals(Tag.INT)) {
      return integer(text, tag, Long.MIN_VALUE, Long.MAX_VALUE).doubleValue();
    }
    return Double.parseDouble(text);
  }

  private static Duration duration(String text) {
    Matcher matcher = DURATION.matcher(text);
    require(matcher.matches(), Duration.class, text);
    long amount = Long.parseLong(matcher.group(1));
    try {
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration " + quote(text) + " is too long");
    }
  }

  private static Path path(String text, Path directory) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("expected a path, found an empty string");
    }
    try {
      return directory.resolve(Path.of(text)).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid path " + quote(text) + ": " + e.getReason());
    }
  }

  private static Secret secret(String text, Path directory) {
    Secret secret = new Secret(text);
    if (secret.kind().equals("file")) {
      return Secret.file(path(secret.target(), directory));
    }
    return secret;
  }

  private static Object constant(String text, Class<?> type) {
    for (Object constant : type.getEnumConstants()) {
      if (Names.constant((Enum<?>) constant).equals(text)) {
        return constant;
      }
    }
    throw new IllegalArgumentException("expected " + expected(type) + ", found " + quote(text));
  }

  private static void require(boolean condition, Class<?> type, String text) {
    if (!condition) {
      throw new IllegalArgumentException("expected " + expected(type) + ", found " + quote(text));
    }
  }

  private static String quote(String text) {
    return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text) + "'";
  }
}
