package dev.portcullis.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.bench.scenarios.banking.BankingSuite;
import org.junit.jupiter.api.Test;

class UserSubjectTest {

  @Test
  void theUsersSubject_isTheirNameInLowerCase_wordsJoinedByDots() {
    assertThat(GatewayHarness.userSubject(BankingSuite.suite())).isEqualTo("lena.hoffmann");
  }

  @Test
  void everySuitesUser_hasASubject() {
    for (Suite suite : Suites.all()) {
      assertThat(GatewayHarness.userSubject(suite)).as(suite.name()).matches("[a-z0-9]+(\\.[a-z0-9]+)*");
    }
  }

  @Test
  void refusesANameWithoutALetterOrDigit() {
    Suite bank = BankingSuite.suite();
    Suite nameless = new Suite(bank.name(), bank.title(), " - ", bank.serverClass(), bank.tools(), bank.labels(), bank.seed(),
        bank.tasks(), bank.goals());

    assertThatThrownBy(() -> GatewayHarness.userSubject(nameless))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bank");
  }
}
