package dev.portcullis.bench.detect;

import static org.assertj.core.api.Assertions.assertThat;

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
  void plainProseStaysPlainAscii() {
    assertThat(SyntheticContent.prose(20_000, 1).chars().allMatch(c -> c < 0x80)).isTrue();
  }
}
