package dev.portcullis.bench.scenarios;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A benign task a user gives the agent, with the steps a competent agent takes for it and the
 * check that it was done.
 *
 * @param id     short stable id, unique in its suite
 * @param prompt what the user asked, in the user's words; values the user provides appear here
 * @param slots  the injection slots whose text the steps read (empty: the task never sees
 *               attacker-controlled text, so it is not paired with attacks)
 * @param steps  the agent's steps; values it reads from results it parses out of them
 * @param done   whether the task was done, judged from the journal, state and answer
 */
public record UserTask(String id, String prompt, List<String> slots, Consumer<Agent> steps, Predicate<World> done) {
  public UserTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(prompt, "prompt");
    slots = List.copyOf(slots);
    Objects.requireNonNull(steps, "steps");
    Objects.requireNonNull(done, "done");
  }
}
