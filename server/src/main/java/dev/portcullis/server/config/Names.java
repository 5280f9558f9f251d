package dev.portcullis.server.config;

import java.util.Collection;
import java.util.Locale;

/** How Java names are written in configuration: kebab-case. */
final class Names {
  private Names() {}

  /**
   * The kebab-case key of a camelCase component name: {@code maxBodyBytes} is {@code max-body-bytes},
   * {@code baseURL} is {@code base-url}, {@code tlsCAFile} is {@code tls-ca-file}.
   */
  static String key(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char before = camel.charAt(i - 1);
        boolean wordAfterAcronym = Character.isUpperCase(before)
            && i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
        if (Character.isLowerCase(before) || Character.isDigit(before) || wordAfterAcronym) {
          sb.append('-');
        }
      }
      sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  /** The configuration spelling of an enum constant: {@code REQUIRE_APPROVAL} is {@code require-approval}. */
  static String constant(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A hint for an unknown key: the known key it was probably meant to be, else the known keys. */
  static String hint(String unknown, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = candidate.equals(key(unknown)) ? 0 : distance(unknown, candidate);
      if (distance <= Math.max(1, candidate.length() / 3) && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best != null) {
      return " (did you mean '" + best + "'?)";
    }
    return known.isEmpty() ? "; no keys are allowed here" : "; known keys: " + String.join(", ", known);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
