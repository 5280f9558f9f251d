package dev.portcullis.bench.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticContentTest {
  @Test
  void typographicProseHasTheSizeAskedForAndIsNotPlainAscii() {
    String text = SyntheticContent.typographic(100 * 1024, 1);
    assertThat(text).hasSize(100 * 1024);
    long beyondAscii = text.chars().filter(c -> c >= 0x80).count();
    // About one typed character beyond ASCII every 90 characters, spread through the whole text.
    assertThat(beyondAscii).isBetween(500L, 3_000L);
    assertThat(text.substring(90 * 1024).chars().anyMatch(c -> c >= 0x80)).isTrue();
  }

  @Test
  void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
    assertThat(SyntheticContent.typographic(5_000, 7)).isEqualTo(SyntheticContent.typographic(5_000, 7))
        .isNotEqualTo(SyntheticContent.typographic(5_000, 8));
  }

  @Test
  @SuppressWarnings("unchecked")
  void typographicRecordsAreTheRecordsWithTitlesTypedBeyondAscii() {
    var plain = (List<Map<String, Object>>) ((Map<String, Object>) SyntheticContent.recordsResult(20_000, 3).get("structuredContent")).get("tickets");
    var typed = (List<Map<String, Object>>) ((Map<String, Object>) SyntheticContent.typographicRecordsResult(20_000, 3).get("structuredContent"))
        .get("tickets");
    assertThat(typed).hasSameSizeAs(plain);
    assertThat(typed.get(7).get("id")).isEqualTo(plain.get(7).get("id"));
    long beyondAscii = typed.stream().filter(r -> ((String) r.get("title")).chars().anyMatch(c -> c >= 0x80)).count();
    assertThat(beyondAscii).isGreaterThan(typed.size() / 5);
    assertThat(plain).allSatisfy(r -> assertThat(((String) r.get("title")).chars().allMatch(c -> c < 0x80)).isTrue());
  }

  @Test
  void plainProseStaysPlainAscii() {
    assertThat(SyntheticContent.prose(20_000, 1).chars().allMatch(c -> c < 0x80)).isTrue();
  }
}
