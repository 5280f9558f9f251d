package dev.portcullis.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret kept outside the configuration: {@code ${env:NAME}} (an environment
 * variable) or {@code ${file:PATH}} (a file's content, without trailing line breaks). Binding never
 * reads the secret; {@link #resolve()} does, when it is needed. Only the reference is ever shown.
 *
 * @param reference the reference as written, e.g. {@code ${env:GITHUB_TOKEN}}
 */
public record Secret(String reference) {
  private static final Pattern FORM = Pattern.compile("\\$\\{(env|file):([^}]+)}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Secret {
    Objects.requireNonNull(reference, "reference");
    Matcher matcher = FORM.matcher(reference);
    // The message never quotes the text: a mistaken inline secret must not reach an error.
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "expected a secret reference ${env:NAME} or ${file:PATH}; secret values are never written in the configuration");
    }
    if (matcher.group(1).equals("env") && !ENV_NAME.matcher(matcher.group(2)).matches()) {
      throw new IllegalArgumentException("an environment variable name has only letters, digits and '_'");
    }
  }

  /** A reference to an environment variable. */
  public static Secret env(String name) {
    return new Secret("${env:" + name + "}");
  }

  /** A reference to a file's content. */
  public static Secret file(Path path) {
    return new Secret("${file:" + path + "}");
  }

  /** {@code env} or {@code file}. */
  public String kind() {
    return matcher().group(1);
  }

  /** The variable name or file path. */
  public String target() {
    return matcher().group(2);
  }

  /**
   * Reads the secret now.
   *
   * @throws IllegalStateException naming the reference (never the value) if the variable is unset
   *     or empty, or the file cannot be read or is empty
   */
  public String resolve() {
    return resolve(System::getenv);
  }

  /** Reads the secret, looking environment variables up with {@code env}. */
  String resolve(UnaryOperator<String> env) {
    String value = kind().equals("env") ? env.apply(target()) : readFile();
    if (value == null) {
      throw new IllegalStateException("secret " + reference + ": environment variable is not set");
    }
    if (value.isEmpty()) {
      throw new IllegalStateException("secret " + reference + " is empty");
    }
    return value;
  }

  private String readFile() {
    try {
      return Files.readString(Path.of(target())).replaceAll("[\\r\\n]+$", "");
    } catch (IOException | InvalidPathException e) {
      throw new IllegalStateException("secret " + reference + ": cannot read the file ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  private Matcher matcher() {
    Matcher matcher = FORM.matcher(reference);
    matcher.matches();
    return matcher;
  }

  /** {@code Secret[<reference>]}: the reference, never the value. */
  @Override
  public String toString() {
    return "Secret[" + reference + "]";
  }
}
