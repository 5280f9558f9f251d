package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Validation of {@link IdentitySettings}. */
class IdentitySettingsTest {
  @Test
  void new_validValues_areKept() {
    var settings = new IdentitySettings("https://gw.example.com", "https://gw.example.com/mcp", "portcullis.example",
        Duration.ofMinutes(10));

    assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.maxTokenTtl()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void new_everyInvalidValue_isReportedAtOnce() {
    assertThatThrownBy(() -> new IdentitySettings("gw.example.com", "not a uri", "Portcullis Example",
        Duration.ofDays(2), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issuer must be an absolute http(s) URL")
        .hasMessageContaining("resource must be an absolute URI")
        .hasMessageContaining("trustDomain must be a SPIFFE trust domain")
        .hasMessageContaining("maxTokenTtl must be between PT1S and PT24H, was PT48H")
        .hasMessageContaining("clockSkew must be between PT0S and PT5M, was PT-1S");
  }

  @Test
  void new_issuerWithFragment_isRejected() {
    assertThatThrownBy(() -> new IdentitySettings("https://gw.example.com#x", "https://gw.example.com/mcp",
        "portcullis.example", Duration.ofMinutes(10)))
        .hasMessageContaining("issuer");
  }

  @Test
  void new_missingValues_areRejected() {
    assertThatThrownBy(() -> new IdentitySettings(null, null, null, null, null))
        .hasMessageContaining("issuer").hasMessageContaining("resource").hasMessageContaining("trustDomain")
        .hasMessageContaining("maxTokenTtl").hasMessageContaining("clockSkew");
  }
}
