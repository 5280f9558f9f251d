package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Validation and defaults of {@link DelegationSettings}. */
class DelegationSettingsTest {
  @Test
  void defaults_areShortLivedAndFailClosed() {
    var settings = DelegationSettings.defaults();
    assertThat(settings.instanceTokenTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.delegationTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.maxDepth()).isEqualTo(4);
    assertThat(settings.proofMaxAge()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.proofMaxFuture()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.allowBearerAgentTokens()).isFalse();
    assertThat(settings.proofWindow()).isEqualTo(Duration.ofSeconds(65));
  }

  @Test
  void new_everyInvalidValueIsReportedAtOnce() {
    assertThatThrownBy(() -> new DelegationSettings(Duration.ZERO, Duration.ofHours(2), 7, null,
        Duration.ofMinutes(2), 10, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instanceTokenTtl must be between PT1S and PT24H, was PT0S")
        .hasMessageContaining("delegationTtl must be between PT1S and PT1H, was PT2H")
        .hasMessageContaining("maxDepth must be between 1 and 6, was 7")
        .hasMessageContaining("proofMaxAge must be between PT1S and PT10M, was null")
        .hasMessageContaining("proofMaxFuture must be between PT0S and PT1M, was PT2M")
        .hasMessageContaining("replayCacheSize must be between 1000 and 10000000, was 10");
  }

  @Test
  void withBearerAgentTokens_changesOnlyThat() {
    var lenient = DelegationSettings.defaults().withBearerAgentTokens(true);
    assertThat(lenient.allowBearerAgentTokens()).isTrue();
    assertThat(lenient.withBearerAgentTokens(false)).isEqualTo(DelegationSettings.defaults());
  }
}
