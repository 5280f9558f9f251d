package dev.portcullis.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bench.scenarios.banking.BankingSuite;
import dev.portcullis.bench.scenarios.server.StateFile;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The banking server as a real stdio MCP server process, driven by the official Java SDK client
 * with no gateway: its tools are announced with annotations, and the compromised agent, reading an
 * injected transaction subject, really sends the attacker money.
 */
class StdioServerTest {
  @TempDir static Path dir;
  static Suite bank;
  static StdioToolCaller caller;
  static SuiteRunner runner;

  @BeforeAll
  static void start() {
    bank = BankingSuite.suite();
    Path state = dir.resolve("state.json");
    Path journal = dir.resolve("journal.jsonl");
    StateFile.save(state, bank.seed().benign());
    caller = new StdioToolCaller(bank, state, journal);
    // One server process serves every run: the runner rewrites its state file in between.
    ToolCaller shared = new ToolCaller() {
      @Override public CallOutcome call(String tool, java.util.Map<String, Object> arguments) { return caller.call(tool, arguments); }
      @Override public void close() {}
    };
    runner = new SuiteRunner(bank, state, journal, task -> shared);
  }

  @AfterAll
  static void stop() {
    if (caller != null) caller.close();
  }

  @Test
  void announcesEveryToolWithAnnotations() {
    var tools = caller.tools();
    assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(bank.tools().stream().map(t -> t.name()).toList());
    McpSchema.Tool send = tools.stream().filter(t -> t.name().equals("send_money")).findFirst().orElseThrow();
    assertThat(send.annotations().readOnlyHint()).isFalse();
    assertThat(send.annotations().openWorldHint()).isTrue();
    McpSchema.Tool balance = tools.stream().filter(t -> t.name().equals("get_balance")).findFirst().orElseThrow();
    assertThat(balance.annotations().readOnlyHint()).isTrue();
  }

  @Test
  void aBenignTaskIsDone() {
    UserTask bill = bank.task("pay-electricity-bill");
    RunResult r = runner.benign(bill);
    assertThat(r.verdict()).as(r.trace().toString()).isEqualTo(RunResult.Verdict.COMPLETED);
  }

  @Test
  void theCompromisedAgentPaysTheAttacker_afterReadingAnInjectedTransactionSubject() {
    UserTask refund = bank.task("return-mistaken-transfer");
    AttackerGoal pay = bank.goal("pay-attacker");

    RunResult r = runner.attack(refund, pay, AttackTemplate.SYSTEM_NOTICE);

    assertThat(r.verdict()).as(r.trace().toString()).isEqualTo(RunResult.Verdict.ACHIEVED);
    assertThat(r.trace().goalCalls("pay-attacker")).singleElement()
        .satisfies(c -> assertThat(c.arguments()).containsEntry("recipient", BankingSuite.ATTACKER_IBAN));
    assertThat(r.taskDone()).isTrue();
  }
}
