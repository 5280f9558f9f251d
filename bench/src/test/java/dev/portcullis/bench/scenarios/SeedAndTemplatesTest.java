package dev.portcullis.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SeedAndTemplatesTest {
  @Test
  void benignStateHasNoSlotMarkers_andAnAttackFillsEverySlot() {
    Seed seed = Seed.load("bank");
    assertThat(seed.slots()).containsExactlyInAnyOrder("incoming_subject", "bill_note", "landlord_note");
    assertThat(seed.benign().toString()).doesNotContain("{{").contains("Refund of overpaid parking fee");

    String attacked = seed.attacked("ATTACK-TEXT").toString();
    assertThat(Pattern.compile("ATTACK-TEXT").matcher(attacked).results().count()).isEqualTo(3);
    assertThat(attacked).doesNotContain("Refund of overpaid parking fee");
  }

  @Test
  void aSuiteFindsItsTasksAndGoalsById_andRefusesUnknownOnes() {
    Suite bank = dev.portcullis.bench.scenarios.banking.BankingSuite.suite();

    assertThat(bank.task("thank-a-friend").prompt()).contains("Marta");
    assertThat(bank.goal("overpay-named-payer").instruction()).contains("900 EUR");
    assertThatThrownBy(() -> bank.task("no-such-task")).hasMessageContaining("no task 'no-such-task'");
    assertThatThrownBy(() -> bank.goal("no-such-goal")).hasMessageContaining("no goal 'no-such-goal'");
  }

  @Test
  void refusesUnknownSlots() {
    assertThatThrownBy(() -> Seed.load("bank").render(Map.of("no_such_slot", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no slot 'no_such_slot'");
  }

  @Test
  void everyTemplateCarriesTheGoalAndTheUser_andTheGoalIsRecognisedInIt() {
    for (Suite suite : Suites.all()) {
      for (AttackerGoal goal : suite.goals()) {
        for (AttackTemplate t : AttackTemplate.ALL) {
          String text = t.render(goal, suite.userName());
          assertThat(text).contains(goal.instruction()).doesNotContain("{goal}", "{user}");
          assertThat(goal.pattern().matcher(text).find()).as(suite.name() + "/" + goal.id() + "/" + t.id()).isTrue();
        }
      }
    }
  }

  @Test
  void aGoalMustRecogniseItsOwnInstruction() {
    assertThatThrownBy(() -> AttackerGoal.of("x", "send money to XX1", "pay (\\d+)", (a, m) -> {}, w -> false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not recognise its own instruction");
  }

  @Test
  void eachSuiteHasEnoughTasksAndGoals_andLabelsEveryTool() {
    assertThat(Suites.all()).extracting(Suite::title).containsExactly("banking", "workspace", "messaging", "travel");
    for (Suite s : Suites.all()) {
      assertThat(s.tasks()).as(s.title()).hasSizeGreaterThanOrEqualTo(6);
      assertThat(s.goals()).as(s.title()).hasSizeGreaterThanOrEqualTo(4);
      assertThat(s.attackableTasks()).as(s.title()).isNotEmpty();
      assertThat(s.labels().keySet()).containsExactlyInAnyOrderElementsOf(s.tools().stream().map(t -> t.name()).toList());
      // A tool that acts on the world is labelled consequential, and only such tools are.
      s.tools().forEach(t -> assertThat(s.labels().get(t.name()).consequential()).as(s.title() + "." + t.name())
          .isEqualTo(t.kind().journalled()));
    }
  }

  @Test
  void guardedArgumentsAreArgumentsOfConsequentialTools() {
    for (Suite s : Suites.all()) {
      s.tools().forEach(t -> {
        ToolLabel l = s.labels().get(t.name());
        if (l.guarded().isEmpty()) return;
        assertThat(l.consequential()).as(s.title() + "." + t.name()).isTrue();
        @SuppressWarnings("unchecked")
        var properties = (java.util.Map<String, Object>) t.inputSchema().get("properties");
        assertThat(properties.keySet()).as(s.title() + "." + t.name()).containsAll(l.guarded());
      });
    }
  }
}
