package dev.portcullis.firewall;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;

/**
 * A regular expression that is only run near one of its keywords: within {@code before} characters
 * before a keyword occurrence and {@code after} characters after it. An anchored rule's matches start
 * exactly at a keyword that starts a word; it is tried once per keyword occurrence and gives up as
 * soon as the text stops fitting, which is far cheaper than searching a window. A rule without
 * keywords runs on the whole text. Patterns are RE2 (linear time), so no input can make a rule
 * backtrack.
 *
 * <p>A rule may also name {@code near} terms: it is only tried when one of them occurs within its
 * reach after the keyword (inside the window, for a windowed rule), so that a common keyword such as
 * "send" costs nothing unless, say, "password" follows.
 *
 * @param id       the rule id findings carry
 * @param pattern  the compiled pattern
 * @param keywords lower-case keywords that must occur near any match
 * @param before   how far before a keyword a match may start
 * @param after    how far after a keyword a match may end
 * @param anchored whether matches start at a keyword ({@code before} is then ignored)
 * @param near     lower-case terms of which one must also occur in reach; empty for none
 * @param starts   for a windowed rule, where in a window a match can start at the earliest (a cheap
 *                 necessary condition written in Java, so the pattern need not search where it cannot
 *                 match); null to search whole windows
 */
record KeywordRule(String id, Pattern pattern, List<String> keywords, int before, int after, boolean anchored, List<String> near,
                   Starts starts) {
  /**
   * Where a windowed rule's matches can start. Must never skip a match: the position returned is at
   * or before the start of every match the pattern has in {@code [from, to)}. The search then runs
   * from there on the whole window, as it would have from the window's start.
   */
  interface Starts {
    /**
     * The earliest position in {@code [from, to)} at which a match of the rule in {@code text[from, to)}
     * may start, or -1 when there is none. Returning {@code from} is always correct.
     */
    int earliest(CharSequence text, int from, int to);
  }

  KeywordRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pattern, "pattern");
    keywords = List.copyOf(keywords);
    near = List.copyOf(near);
    if (before < 0 || after < 0) throw new IllegalArgumentException("negative window for rule " + id);
    if (anchored && keywords.isEmpty()) throw new IllegalArgumentException("anchored rule " + id + " needs keywords");
    if (!near.isEmpty() && keywords.isEmpty()) throw new IllegalArgumentException("rule " + id + " has near terms but no keywords");
    if (starts != null && anchored) throw new IllegalArgumentException("anchored rule " + id + " starts at its keywords");
  }

  /** A rule, searching whole windows. */
  KeywordRule(String id, Pattern pattern, List<String> keywords, int before, int after, boolean anchored, List<String> near) {
    this(id, pattern, keywords, before, after, anchored, near, null);
  }

  /** A rule that searches a window around each keyword occurrence. */
  KeywordRule(String id, Pattern pattern, List<String> keywords, int before, int after) {
    this(id, pattern, keywords, before, after, false, List.of());
  }

  /** A rule whose matches start at a keyword occurrence. */
  static KeywordRule anchored(String id, Pattern pattern, List<String> keywords, int after) {
    return new KeywordRule(id, pattern, keywords, 0, after, true, List.of());
  }

  /** This rule, tried only when one of the terms occurs in reach. */
  KeywordRule near(List<String> terms) {
    return new KeywordRule(id, pattern, keywords, before, after, anchored, terms, starts);
  }

  /** This rule, searching its windows only from where {@code starts} says a match can begin. */
  KeywordRule startingAt(Starts s) {
    return new KeywordRule(id, pattern, keywords, before, after, anchored, near, s);
  }
}
