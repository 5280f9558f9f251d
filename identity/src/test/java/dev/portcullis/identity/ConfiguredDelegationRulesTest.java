package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.Delegation;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ConfiguredDelegationRules}. */
class ConfiguredDelegationRulesTest {
  private static UserIdentity user(String subject) {
    return new UserIdentity("https://idp.example.com", subject, List.of(), Instant.MAX, null, null, Map.of());
  }

  private static List<Delegation.Actor> chain(String... agents) {
    return java.util.Arrays.stream(agents).map(a -> new Delegation.Actor(a, "spiffe://d/agent/" + a + "/i/x")).toList();
  }

  private final ConfiguredDelegationRules rules = new ConfiguredDelegationRules(
      Map.of("invoice-bot", Set.of("*"), "payroll-bot", Set.of("https://idp.example.com#alice")),
      Map.of("invoice-bot", Set.of("ocr-bot")));

  @Test
  void mayActFor_anyUserOrListedUsersOnly() {
    assertThat(rules.mayActFor(user("bob"), "invoice-bot")).isTrue();
    assertThat(rules.mayActFor(user("alice"), "payroll-bot")).isTrue();
    assertThat(rules.mayActFor(user("bob"), "payroll-bot")).isFalse();
    assertThat(rules.mayActFor(user("alice"), "ocr-bot")).isFalse();
  }

  @Test
  void mayDelegate_asksTheOutermostActor() {
    assertThat(rules.mayDelegate(chain("invoice-bot"), "ocr-bot")).isTrue();
    assertThat(rules.mayDelegate(chain("ocr-bot", "invoice-bot"), "ocr-bot")).isFalse();
    assertThat(rules.mayDelegate(chain("invoice-bot"), "mail-bot")).isFalse();
    assertThat(rules.mayDelegate(List.of(), "ocr-bot")).isFalse();
  }

  @Test
  void new_everyBadEntryIsReportedAtOnce() {
    assertThatThrownBy(() -> new ConfiguredDelegationRules(
        Map.of("Bad Agent", Set.of("*"), "a", Set.of("alice"), "b", Set.of()),
        Map.of("c", Set.of("c"), "d", Set.of("../x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Bad Agent' is not an agent id")
        .hasMessageContaining("agent 'a' lists a user that is not '*' or <issuer>#<subject>")
        .hasMessageContaining("agent 'b' lists no users")
        .hasMessageContaining("agent 'c' cannot delegate to itself")
        .hasMessageContaining("'../x' is not an agent id");
  }

  @Test
  void new_copiesItsInput() {
    var children = new HashSet<>(Set.of("ocr-bot"));
    var copied = new ConfiguredDelegationRules(Map.of(), Map.of("invoice-bot", children));
    children.add("mail-bot");
    assertThat(copied.mayDelegate(chain("invoice-bot"), "mail-bot")).isFalse();
  }
}
