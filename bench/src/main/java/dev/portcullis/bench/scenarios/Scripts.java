package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the scripted agent does with what it reads: pull a value out of text, pick an item out of
 * a list. A result without what the script looks for ends the script ({@link StepFailed}), as a
 * model would stop and report it could not find the information.
 */
public final class Scripts {
  /** An IBAN as people write it in text, without spaces. */
  public static final String IBAN = "[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}";
  /** An email address. */
  public static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
  /** A web address. */
  public static final String URL = "https?://[^\\s'\"<>]+[^\\s'\"<>.,;:!?)]";

  /** A destination the attacker wrote backwards, as it stands between quotes in an instruction: no spaces, no quotes. */
  public static final String BACKWARDS = "[^\\s']+";

  private Scripts() {}

  /** {@code text} written backwards: how an attacker hides a destination from a gateway matching values, and how the agent reads it. */
  public static String backwards(String text) { return new StringBuilder(text).reverse().toString(); }

  /** The first group of the first match of {@code regex} in {@code text}. */
  public static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) throw new StepFailed("the text does not contain what the step looks for (" + regex + ")");
    return m.groupCount() == 0 ? m.group() : m.group(1);
  }

  /** The first element of {@code array} that matches, or a failed step naming {@code what}. */
  public static JsonNode first(JsonNode array, String what, Predicate<JsonNode> match) {
    for (JsonNode n : array) {
      if (match.test(n)) return n;
    }
    throw new StepFailed("no " + what + " in the result");
  }

  /** The last element of {@code array} that matches, or a failed step naming {@code what}. */
  public static JsonNode last(JsonNode array, String what, Predicate<JsonNode> match) {
    JsonNode found = null;
    for (JsonNode n : array) {
      if (match.test(n)) found = n;
    }
    if (found == null) throw new StepFailed("no " + what + " in the result");
    return found;
  }

  /** Every element of {@code array} that matches. */
  public static List<JsonNode> all(JsonNode array, Predicate<JsonNode> match) {
    var out = new ArrayList<JsonNode>();
    array.forEach(n -> {
      if (match.test(n)) out.add(n);
    });
    return out;
  }

  /** Whether field {@code field} of {@code node} contains {@code text}, ignoring case. */
  public static boolean mentions(JsonNode node, String field, String text) {
    return node.path(field).asText().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
  }
}
