package dev.portcullis.vault;

import java.util.regex.Pattern;

/** The rules for secret paths: lower-case segments separated by {@code /}, nothing that climbs or hides. */
final class SecretPaths {
  private static final Pattern PATH = Pattern.compile("[a-z0-9][a-z0-9._/-]*");
  private static final Pattern PREFIX = Pattern.compile("([a-z0-9][a-z0-9._/-]*)?");
  private static final int MAX_LENGTH = 512;

  private SecretPaths() {}

  /** Returns {@code path} if it is a valid secret path, or refuses it saying why. */
  static String requireValid(String path) {
    if (path == null) {
      throw new IllegalArgumentException("a secret path is required");
    }
    if (path.length() > MAX_LENGTH || !PATH.matcher(path).matches() || path.contains("..")
        || path.contains("//") || path.endsWith("/")) {
      throw new IllegalArgumentException("invalid secret path '" + shown(path) + "': use lower-case letters, digits and"
          + " . _ - separated by single /, starting with a letter or digit, without '..' or a trailing /");
    }
    return path;
  }

  /** Returns {@code prefix} if it can start a secret path ({@code ""} for all), or refuses it. */
  static String requireValidPrefix(String prefix) {
    if (prefix == null || prefix.length() > MAX_LENGTH || !PREFIX.matcher(prefix).matches() || prefix.contains("..")
        || prefix.contains("//")) {
      throw new IllegalArgumentException("invalid secret path prefix '" + shown(prefix) + "'");
    }
    return prefix;
  }

  private static String shown(String text) {
    if (text == null) {
      return "null";
    }
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
