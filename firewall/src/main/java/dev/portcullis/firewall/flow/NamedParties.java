package dev.portcullis.firewall.flow;

import dev.portcullis.core.ToolLabels;
import java.util.List;
import java.util.Map;

/**
 * Finds, in a tool result, the values its source attributes to a party the user named
 * ({@link ToolLabels.Party}): for each object of the result that has a party's name field, when the
 * user's words name that party, the values of the party's fields go to the sink.
 *
 * <p><b>Naming.</b> Both the user's words and the party's name are compared as their words: the
 * normal form of {@link Normalisation}, letters and digits only, split at everything else. The user
 * names a party when their words contain the party's whole name as consecutive words ("Anna Weber"
 * for {@code Anna Weber}), or its first word when that word has at least {@value #MIN_FIRST_WORD}
 * letters ("Melodia" for {@code Melodia Music SAS}): people say a company's name without its legal
 * form. A shorter first word ("Anna", "The") is too common to stand for a party on its own.
 *
 * <p>Only structured results are read (the objects of {@code structuredContent}, or any JSON object
 * the result holds); a party named only in prose gets nothing, so values stay as the rest of the
 * result labels them.
 */
final class NamedParties {
  /** The fewest letters a party's first word needs to name the party on its own. */
  static final int MIN_FIRST_WORD = 5;

  private NamedParties() {}

  /** The words of a text as matching compares them: single spaces between, one before and one after. */
  static String words(String text) {
    String normal = Normalisation.normalise(text);
    var out = new StringBuilder(normal.length() + 2).append(' ');
    boolean gap = false;
    for (int i = 0; i < normal.length(); ) {
      int cp = normal.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        if (gap && out.length() > 1) out.append(' ');
        gap = false;
        out.appendCodePoint(cp);
      } else {
        gap = true;
      }
    }
    return out.append(' ').toString();
  }

  /** Whether words (from {@link #words}) name the party called {@code name}. */
  static boolean named(String name, String words) {
    String party = words(name);
    if (party.isBlank()) return false;
    if (words.contains(party)) return true;
    int end = party.indexOf(' ', 1);
    String first = party.substring(1, end);
    return first.codePointCount(0, first.length()) >= MIN_FIRST_WORD && first.codePoints().allMatch(Character::isLetter)
        && words.contains(" " + first + " ");
  }

  /**
   * Passes to the sink the values of every party the words name, in every object of the result.
   * Returns false when the sink stopped the walk (its budget is spent).
   */
  static boolean collect(Object result, List<ToolLabels.Party> parties, String words, ValueExtractor.Sink sink) {
    return collect(result, parties, words, sink, value -> { });
  }

  /** As {@link #collect(Object, List, String, ValueExtractor.Sink)}, also handing each attributed field's value as it is. */
  static boolean collect(Object result, List<ToolLabels.Party> parties, String words, ValueExtractor.Sink sink,
                         java.util.function.Consumer<Object> attributed) {
    return walk(result, parties, words, sink, attributed, 0);
  }

  private static boolean walk(Object node, List<ToolLabels.Party> parties, String words, ValueExtractor.Sink sink,
                              java.util.function.Consumer<Object> attributed, int depth) {
    if (depth > ValueExtractor.MAX_DEPTH) return true;
    switch (node) {
      case Map<?, ?> object -> {
        for (ToolLabels.Party party : parties) {
          if (object.get(party.name()) instanceof String name && named(name, words)) {
            for (String field : party.values()) {
              attributed.accept(object.get(field));
              if (!ValueExtractor.leaf(object.get(field), sink)) return false;
            }
          }
        }
        for (Object value : object.values()) {
          if (!walk(value, parties, words, sink, attributed, depth + 1)) return false;
        }
      }
      case List<?> list -> {
        for (Object item : list) {
          if (!walk(item, parties, words, sink, attributed, depth + 1)) return false;
        }
      }
      case null, default -> { }
    }
    return true;
  }
}
