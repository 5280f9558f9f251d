package dev.portcullis.firewall;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;

/**
 * A regular expression that is only run near one of its keywords: within {@code before} characters
 * before a keyword occurrence and {@code after} characters after it. A rule without keywords runs on
 * the whole text. Patterns are RE2 (linear time), so no input can make a rule backtrack.
 *
 * @param id       the rule id findings carry
 * @param pattern  the compiled pattern
 * @param keywords lower-case keywords that must occur near any match
 * @param before   how far before a keyword a match may start
 * @param after    how far after a keyword a match may end
 */
record KeywordRule(String id, Pattern pattern, List<String> keywords, int before, int after) {
  KeywordRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pattern, "pattern");
    keywords = List.copyOf(keywords);
    if (before < 0 || after < 0) throw new IllegalArgumentException("negative window for rule " + id);
  }
}
