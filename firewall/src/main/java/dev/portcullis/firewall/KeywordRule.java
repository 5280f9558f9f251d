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
 */
record KeywordRule(String id, Pattern pattern, List<String> keywords, int before, int after, boolean anchored, List<String> near) {
  KeywordRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pattern, "pattern");
    keywords = List.copyOf(keywords);
    near = List.copyOf(near);
    if (before < 0 || after < 0) throw new IllegalArgumentException("negative window for rule " + id);
    if (anchored && keywords.isEmpty()) throw new IllegalArgumentException("anchored rule " + id + " needs keywords");
    if (!near.isEmpty() && keywords.isEmpty()) throw new IllegalArgumentException("rule " + id + " has near terms but no keywords");
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
    return new KeywordRule(id, pattern, keywords, before, after, anchored, terms);
  }
}
