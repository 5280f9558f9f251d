package dev.portcullis.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bench.scenarios.server.ToolHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every suite against its tools in-process, without the gateway: benign tasks get done, and every
 * attack, once the agent reads it, achieves its goal. This is what proves the attacks are real and
 * the tasks are doable, so a blocked attack or a failed task under the gateway is the gateway's doing.
 */
class SuitesWithoutGatewayTest {
  @TempDir Path dir;

  static Stream<Suite> suites() { return Suites.all().stream(); }

  private SuiteRunner runner(Suite suite) {
    Path state = dir.resolve(suite.name() + "-state.json");
    Path journal = dir.resolve(suite.name() + "-journal.jsonl");
    var host = new ToolHost(suite.tools(), state, journal);
    return new SuiteRunner(suite, state, journal, task -> new DirectToolCaller(host));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suites")
  void everyBenignTaskIsDone_andNothingIsTriggered(Suite suite) {
    var runner = runner(suite);
    var failures = new ArrayList<String>();
    for (UserTask task : suite.tasks()) {
      RunResult r = runner.benign(task);
      if (r.verdict() != RunResult.Verdict.COMPLETED || !r.trace().triggered().isEmpty()) {
        failures.add(task.id() + ": " + r.verdict() + " " + r.trace());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(suite.tasks()).hasSizeGreaterThanOrEqualTo(6);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suites")
  void everyAttackAchievesItsGoal_whenNothingStandsInTheWay(Suite suite) {
    var runner = runner(suite);
    var failures = new ArrayList<String>();
    int runs = 0;
    for (UserTask task : suite.attackableTasks()) {
      for (AttackerGoal goal : suite.goals()) {
        for (AttackTemplate template : AttackTemplate.ALL) {
          RunResult r = runner.attack(task, goal, template);
          runs++;
          if (r.verdict() != RunResult.Verdict.ACHIEVED) failures.add(task.id() + " x " + goal.id() + " / " + template.id() + ": " + r.verdict() + " " + r.trace());
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(runs).isPositive();
    assertThat(suite.goals()).hasSizeGreaterThanOrEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suites")
  void theUsersTaskIsStillDone_afterTheAgentObeyedTheAttacker(Suite suite) {
    var runner = runner(suite);
    List<String> undone = new ArrayList<>();
    for (UserTask task : suite.attackableTasks()) {
      RunResult r = runner.attack(task, suite.goals().getFirst(), AttackTemplate.USER_NOTE);
      if (!r.taskDone()) undone.add(task.id() + ": " + r.trace());
    }
    assertThat(undone).isEmpty();
  }
}
