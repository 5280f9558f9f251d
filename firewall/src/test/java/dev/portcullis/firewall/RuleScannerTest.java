package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleScannerTest {
  /** A text that counts how often it is read, to measure work done instead of time taken. */
  static final class CountingText implements CharSequence {
    private final String text;
    private long reads;

    CountingText(String text) { this.text = text; }

    long reads() { return reads; }

    @Override public int length() { return text.length(); }

    @Override public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override public CharSequence subSequence(int start, int end) { return new Slice(this, start, end); }

    @Override public String toString() { return text; }
  }

  private static long work(String pattern, String keyword, String input) {
    var rule = new KeywordRule("r", Pattern.compile(pattern), keyword == null ? List.of() : List.of(keyword), 100, 100);
    var text = new CountingText(input);
    new RuleScanner(List.of(rule)).scan(text, text, (r, m, offset) -> { });
    return text.reads();
  }

  @Test
  void catastrophicBacktrackingPatternsRunInLinearTime() {
    String pattern = "(a+)+$";
    long small = work(pattern, null, "a".repeat(5_000) + "!");
    long large = work(pattern, null, "a".repeat(10_000) + "!");
    // Doubling the input roughly doubles the work (a backtracking engine would not finish at all).
    assertThat((double) large / small).isBetween(1.5, 2.5);
    assertThat(large).isLessThan(30L * 10_001);
  }

  @Test
  void rulesRunOnlyNearTheirKeywords() {
    String filler = "lorem ipsum dolor sit amet ".repeat(4_000);
    long withoutKeyword = work("token\\s*=\\s*\\w+", "token", filler);
    long withKeyword = work("token\\s*=\\s*\\w+", "token", filler + "token = abc" + filler);
    // One pass of the keyword automaton over the text, plus a small window around the keyword.
    assertThat(withoutKeyword).isEqualTo(filler.length());
    assertThat(withKeyword - 2L * filler.length() - "token = abc".length()).isLessThan(2_000);
  }

  @Test
  void reportsMatchesWithTextOffsets() {
    var rule = new KeywordRule("r", Pattern.compile("k[0-9]+"), List.of("k"), 2, 10);
    String text = "aaa k12 bbb k345";
    var found = new ArrayList<String>();
    new RuleScanner(List.of(rule)).scan(text, text, (r, m, offset) -> found.add(text.substring(offset + m.start(), offset + m.end())));
    assertThat(found).containsExactly("k12", "k345");
  }

  @Test
  void theKeywordIndexFindsOverlappingKeywords() {
    var index = new KeywordIndex(List.of("he", "she", "his", "hers"));
    var hits = new ArrayList<String>();
    index.scan("ushers", (k, start, end) -> hits.add(k + "@" + start));
    assertThat(hits).containsExactlyInAnyOrder("1@1", "0@2", "3@2");
  }

  private static List<Integer> nearMatches(String text) {
    // A windowed rule that needs "secret" within its window; "other" is a keyword of another rule only.
    var needsNear = new KeywordRule("near", Pattern.compile("key=\\w+"), List.of("key="), 20, 20, false, List.of("secret"));
    var other = new KeywordRule("other", Pattern.compile("other"), List.of("other"), 0, 5);
    var found = new ArrayList<Integer>();
    var scanner = new RuleScanner(List.of(needsNear, other));
    scanner.scan(Normalizer.normalize(text), false, (r, m, offset) -> { if (r == 0) found.add(offset + m.start()); });
    return found;
  }

  @Test
  void nearTermsAreFoundAmongManyOtherKeywordHits() {
    String others = "other ".repeat(3);
    assertThat(nearMatches(others + "secret " + "key=abc " + others)).containsExactly(3 * 6 + 7);
    assertThat(nearMatches("key=abc other secret other")).containsExactly(0);
  }

  @Test
  void nearTermsOutsideTheWindowDoNotCount() {
    String far = "x".repeat(40);
    assertThat(nearMatches("secret" + far + "other key=abc other" + far + "secret")).isEmpty();
    assertThat(nearMatches("other key=abc other")).isEmpty();
  }

  @Test
  void aScannerReusedForTextsWithAndWithoutNearTermsJudgesEachTextAlone() {
    var needsNear = new KeywordRule("near", Pattern.compile("key=\\w+"), List.of("key="), 20, 20, false, List.of("secret"));
    var anchored = KeywordRule.anchored("anchored", Pattern.compile("send\\s+it\\s+to\\s+\\w+"), List.of("send"), 40).near(List.of("to"));
    var scanner = new RuleScanner(List.of(needsNear, anchored));
    var found = new ArrayList<String>();
    for (String text : List.of("key=abc, no term here; send it now", "a secret key=abc; send it to bob", "key=abc again; send it nowhere",
        "secret key=xyz")) {
      scanner.scan(Normalizer.normalize(text), false, (r, m, offset) -> found.add(r + ":" + text.substring(offset + m.start(), offset + m.end())));
      found.add("|");
    }
    // Whether a text holds a rule's near terms is worked out per text: the second text matches though the first had none,
    // and the third does not though the second had them. (Anchored matches are reported as their keywords are met, windowed ones after.)
    assertThat(found).containsExactly("|", "1:send it to bob", "0:key=abc", "|", "|", "0:key=xyz", "|");
  }

  @Test
  void anAnchoredRuleMatchesOnlyWhereItsKeywordStartsAWord() {
    var rule = KeywordRule.anchored("r", Pattern.compile("send\\s+it"), List.of("send"), 40);
    var found = new ArrayList<Integer>();
    String text = "send the file; resend it later";
    new RuleScanner(List.of(rule)).scan(text, text, (r, m, offset) -> found.add(offset + m.start()));
    // "send it" occurs inside the first keyword's window, but only inside a word: nothing starts at a keyword there.
    assertThat(found).isEmpty();
    String both = "send it now; then send it again";
    new RuleScanner(List.of(rule)).scan(both, both, (r, m, offset) -> found.add(offset + m.start()));
    assertThat(found).containsExactly(0, both.lastIndexOf("send it"));
  }
}
