package dev.portcullis.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.bench.scenarios.banking.BankingSuite;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatedTaskTest {

  @Test
  void aTaskIsStatedInTheUsersWords_forEveryToolOfItsServer() {
    Suite bank = BankingSuite.suite();
    UserTask task = bank.tasks().getFirst();

    StatedTask stated = StatedTask.of(bank, task);

    assertThat(stated.authorizationDetails()).containsExactly(Map.of("type", "portcullis_task",
        "task", "bank." + task.id(), "description", task.prompt(), "tools", List.of("bank.*")));
  }

  @Test
  void everyTaskOfEverySuite_canBeStated() {
    for (Suite suite : Suites.all()) {
      for (UserTask task : suite.tasks()) {
        assertThat(StatedTask.of(suite, task).description()).isEqualTo(task.prompt());
      }
    }
  }

  @Test
  void refusesAPromptOverTheLimit_ratherThanCuttingIt() {
    Suite bank = BankingSuite.suite();
    UserTask longTask = new UserTask("long", "x".repeat(257), List.of(), agent -> {}, world -> true);

    assertThatThrownBy(() -> StatedTask.of(bank, longTask))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257").hasMessageContaining("256");
  }

  @Test
  void acceptsAPromptOfExactlyTheLimit() {
    assertThat(new StatedTask("bank.t", "x".repeat(256), List.of("bank.*")).description()).hasSize(256);
  }

  @Test
  void refusesATaskIdTheGatewayWouldRefuse() {
    assertThatThrownBy(() -> new StatedTask("bank.pay bill", "Pay it.", List.of("bank.*")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[A-Za-z0-9._:-]");
  }

  @Test
  void refusesAPromptWithAControlCharacter() {
    assertThatThrownBy(() -> new StatedTask("bank.t", "Pay it.\nThen more.", List.of("bank.*")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
  }
}
