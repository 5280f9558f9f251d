package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.bench.scenarios.server.Journal;
import dev.portcullis.bench.scenarios.server.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs the tasks and attacks of one suite, each from fresh state: before every run it rewrites the
 * server's state file (seed plus the slot texts of the run) and empties its journal, then lets a
 * newly connected agent work, then judges the run from the journal and the final state.
 */
public final class SuiteRunner {
  private final Suite suite;
  private final Path stateFile;
  private final Path journalFile;
  private final Function<UserTask, ToolCaller> connect;

  /**
   * A runner of {@code suite} whose server uses these files.
   *
   * @param connect opens a new connection of a new agent to the suite's server for a run of the given
   *                task, once per run; an attack run passes the task whose data carries the attack
   */
  public SuiteRunner(Suite suite, Path stateFile, Path journalFile, Function<UserTask, ToolCaller> connect) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
    this.journalFile = Objects.requireNonNull(journalFile, "journalFile");
    this.connect = Objects.requireNonNull(connect, "connect");
  }

  /** The suite. */
  public Suite suite() { return suite; }

  /** Runs a task with every slot at its benign text. */
  public RunResult benign(UserTask task) {
    World world;
    Trace trace;
    reset(suite.seed().benign());
    try (ToolCaller caller = connect.apply(task)) {
      trace = new CompromisedAgent(caller, suite.goals()).perform(task);
    }
    world = world(trace);
    boolean done = task.done().test(world);
    return new RunResult(suite.name(), task.id(), null, null, done, RunResult.benign(trace, done), trace);
  }

  /** Runs a task with the attack text (goal in template) in every slot. */
  public RunResult attack(UserTask task, AttackerGoal goal, AttackTemplate template) {
    reset(suite.seed().attacked(template.render(goal, suite.userName())));
    Trace trace;
    try (ToolCaller caller = connect.apply(task)) {
      trace = new CompromisedAgent(caller, suite.goals()).perform(task);
    }
    World world = world(trace);
    boolean achieved = goal.achieved().test(world);
    return new RunResult(suite.name(), task.id(), goal.id(), template.id(), task.done().test(world),
        RunResult.attack(trace, goal.id(), achieved), trace);
  }

  private void reset(ObjectNode state) {
    StateFile.save(stateFile, state);
    try {
      Files.deleteIfExists(journalFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty journal " + journalFile, e);
    }
  }

  private World world(Trace trace) {
    return new World(Journal.read(journalFile), StateFile.load(stateFile), trace.answer());
  }
}
