package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalisationTest {

  @Test
  void normalise_foldsCaseWidthAndSpacing() {
    assertThat(Normalisation.normalise("  ＤＥ89\t3704   0044 ")).isEqualTo("de89 3704 0044");
    assertThat(Normalisation.normalise("Straße")).isEqualTo(Normalisation.normalise("STRASSE"));
  }

  @Test
  void normalise_dropsZeroWidthAndBidiCharacters() {
    assertThat(Normalisation.normalise("DE89\u200B3704\u00AD0044\u202E")).isEqualTo("de8937040044");
  }

  @Test
  void trivial_shortPlaceholderAndCommonValues_areNotTracked() {
    assertThat(Normalisation.trivial("1")).isTrue();
    assertThat(Normalisation.trivial("eur")).isTrue();
    assertThat(Normalisation.trivial("true")).isTrue();
    assertThat(Normalisation.trivial("invoice")).isTrue();
    assertThat(Normalisation.trivial("0000")).isTrue();
    assertThat(Normalisation.trivial("1000")).isTrue();
    assertThat(Normalisation.trivial("9.50")).isTrue();
    assertThat(Normalisation.trivial("n/a")).isTrue();
    assertThat(Normalisation.trivial("example.com")).isTrue();
  }

  @Test
  void trivial_specificValues_areTracked() {
    assertThat(Normalisation.trivial("1250")).isFalse();
    assertThat(Normalisation.trivial("de89370400440532013000")).isFalse();
    assertThat(Normalisation.trivial("mallory jones")).isFalse();
    assertThat(Normalisation.trivial("evil.example")).isFalse();
    assertThat(Normalisation.trivial("inv-0042")).isFalse();
  }

  @Test
  void compact_keepsOnlyLettersAndDigits() {
    assertThat(Normalisation.compact("de89 3704-0044.0532")).isEqualTo("de89370400440532");
  }
}
