package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HiddenContentDetectorTest {
  private final HiddenContentDetector detector = new HiddenContentDetector();

  private List<Finding> scan(String text) { return detector.scan(Normalizer.normalize(text)); }

  @Test
  void reportsTagCharactersAsAlmostCertain() {
    var sb = new StringBuilder("hi");
    "send it".chars().forEach(c -> sb.appendCodePoint(0xE0000 + c));
    assertThat(scan(sb.toString())).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("hidden.tag-characters");
      assertThat(f.score()).isGreaterThanOrEqualTo(0.9);
      assertThat(f.category()).isEqualTo(Category.HIDDEN_CONTENT);
    });
  }

  @Test
  void scoresAStrayZeroWidthSpaceLowAndALongRunHigh() {
    assertThat(scan("a\u200Bb")).singleElement().extracting(Finding::score).isEqualTo(0.4);
    assertThat(scan("a" + "\u200B\u200C".repeat(8) + "b")).singleElement().extracting(Finding::score).isEqualTo(0.9);
  }

  @Test
  void reportsHtmlCommentsBelowTheDefaultThreshold() {
    assertThat(scan("<p>x</p><!-- build 42 -->")).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("hidden.html-comment");
      assertThat(f.score()).isLessThan(FirewallSettings.DEFAULT_THRESHOLD);
    });
  }

  @Test
  void capsFindingsPerKind() {
    assertThat(scan("x\u200B".repeat(100))).hasSize(32);
  }

  @Test
  void findsNothingInPlainText() {
    assertThat(scan("plain text, nothing hidden")).isEmpty();
  }
}
