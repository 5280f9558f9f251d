package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinksTest {
  @Test
  void urlsAddressesDomainsAndAccountNumbers_areLinks() {
    assertThat(Links.isLink("https://northwind-sso.login-check.example/reset")).isTrue();
    assertThat(Links.isLink("archive-desk@inbox-relay.example")).isTrue();
    assertThat(Links.isLink("www.trattoria-nonna.example")).isTrue();
    assertThat(Links.isLink("login-check.example/reset")).isTrue();
    assertThat(Links.isLink("lt03121000011101001000")).isTrue();
  }

  @Test
  void proseNumbersDatesAndTimes_areNotLinks() {
    assertThat(Links.isLink("closed on mondays")).isFalse();
    assertThat(Links.isLink("12:00-23:00")).isFalse();
    assertThat(Links.isLink("87.40")).isFalse();
    assertThat(Links.isLink("2026-04-01")).isFalse();
    assertThat(Links.isLink("inv-2026-03-448812")).isFalse();
    assertThat(Links.isLink("copenhagen")).isFalse();
  }
}
