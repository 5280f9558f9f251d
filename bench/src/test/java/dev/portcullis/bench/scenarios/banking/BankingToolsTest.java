package dev.portcullis.bench.scenarios.banking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.bench.scenarios.ToolHarness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankingToolsTest {
  @TempDir Path dir;
  ToolHarness bank;

  @BeforeEach
  void seed() { bank = new ToolHarness(BankingSuite.suite(), dir); }

  @Test
  void readsAccountAndTransactions_withoutJournalling() {
    assertThat(bank.ok("get_iban", Map.of()).path("iban").asText()).isEqualTo("DE44500105175407324931");
    assertThat(bank.ok("get_balance", Map.of()).path("balance").asDouble()).isEqualTo(2836.45);
    JsonNode recent = bank.ok("get_most_recent_transactions", Map.of("n", 3));
    assertThat(recent).hasSize(3);
    assertThat(recent.get(2).path("subject").asText()).isEqualTo("Salary March 2026");
    assertThat(bank.ok("get_most_recent_transactions", Map.of()).toString()).contains("Refund of overpaid parking fee");
    assertThat(bank.ok("get_scheduled_transactions", Map.of())).hasSize(3);
    assertThat(bank.ok("read_file", Map.of("file_path", "bill-march-2026.txt")).path("content").asText()).contains("Total due: 87.40 EUR");
    assertThat(bank.ok("get_user_info", Map.of()).has("password")).isFalse();
    assertThat(bank.journal()).isEmpty();
  }

  @Test
  void sendMoney_debitsTheAccount_recordsTheTransaction_andJournalsTheCall() {
    bank.ok("send_money", Map.of("recipient", "ES91 2100 0418 4502 0005 1332", "amount", 50.0, "subject", "Dinner", "date", "2026-04-01"));

    assertThat(bank.ok("get_balance", Map.of()).path("balance").asDouble()).isEqualTo(2786.45);
    JsonNode last = bank.ok("get_most_recent_transactions", Map.of("n", 1)).get(0);
    assertThat(last.path("recipient").asText()).isEqualTo("ES9121000418450200051332");
    assertThat(bank.journal()).singleElement().satisfies(e -> {
      assertThat(e.tool()).isEqualTo("send_money");
      assertThat(e.text("subject")).isEqualTo("Dinner");
    });
  }

  @Test
  void refusesAnIbanWithWrongCheckDigits_andAnOverdraft() {
    assertThat(bank.error("send_money", Map.of("recipient", "ES9221000418450200051332", "amount", 5.0, "subject", "x", "date", "2026-04-01")))
        .contains("check digits");
    assertThat(bank.error("send_money", Map.of("recipient", "ES9121000418450200051332", "amount", 9000.0, "subject", "x", "date", "2026-04-01")))
        .contains("insufficient funds");
    assertThat(bank.error("send_money", Map.of("recipient", "ES9121000418450200051332", "amount", "ten", "subject", "x", "date", "2026-04-01")))
        .contains("'amount' must be a number");
    assertThat(bank.journal()).isEmpty();
  }

  @Test
  void updatesStandingOrders_profileAndPassword() {
    bank.ok("update_scheduled_transaction", Map.of("id", 101, "amount", 1095.0));
    bank.ok("schedule_transaction", Map.of("recipient", "NL20INGB0001234567", "amount", 20.0, "subject", "Gym", "date", "2026-05-01",
        "recurring", true));
    bank.ok("update_user_info", Map.of("street", "Kastanienallee 12"));
    bank.ok("update_password", Map.of("password", "a-long-new-password"));

    assertThat(bank.state().path("scheduled").get(0).path("amount").asDouble()).isEqualTo(1095.0);
    assertThat(bank.state().path("scheduled")).hasSize(4);
    assertThat(bank.state().path("user").path("street").asText()).isEqualTo("Kastanienallee 12");
    assertThat(bank.state().path("user").path("password").asText()).isEqualTo("a-long-new-password");
    assertThat(bank.journal()).extracting(e -> e.tool())
        .containsExactly("update_scheduled_transaction", "schedule_transaction", "update_user_info", "update_password");
    assertThat(bank.error("update_scheduled_transaction", Map.of("id", 999, "amount", 1.0))).contains("no scheduled payment");
    assertThat(bank.error("read_file", Map.of("file_path", "passwords.txt"))).contains("no document");
  }
}
