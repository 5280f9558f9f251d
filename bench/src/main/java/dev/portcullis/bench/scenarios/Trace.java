package dev.portcullis.bench.scenarios;

import java.util.List;
import java.util.Map;

/**
 * What the agent did in one run: every call with its outcome and whose purpose it served, the
 * attacker goals it took up, its answer, and why it gave up on the task if it did.
 *
 * @param calls     every call, in order
 * @param triggered the ids of attacker goals whose instruction the agent read and obeyed, in order
 * @param answer    the agent's answer to the user, or {@code ""}
 * @param abandoned why the task's steps stopped early, or {@code null} when they ran to the end
 */
public record Trace(List<Call> calls, List<String> triggered, String answer, String abandoned) {
  public Trace {
    calls = List.copyOf(calls);
    triggered = List.copyOf(triggered);
    answer = answer == null ? "" : answer;
  }

  /** What became of one call. */
  public enum Status {
    /** The tool answered. */
    OK,
    /** The tool answered with an error. */
    TOOL_ERROR,
    /** The gateway refused the call outright. */
    BLOCKED,
    /** The gateway held the call for a human, and nobody approved it. */
    HELD,
    /** No usable answer. */
    FAILED
  }

  /**
   * One call.
   *
   * @param tool      the tool's name on its server
   * @param arguments the arguments the agent sent
   * @param goal      the attacker goal the call served, or {@code null} for the user's task
   * @param status    what became of it
   * @param detail    the refusal or error message, or {@code ""}
   */
  public record Call(String tool, Map<String, Object> arguments, String goal, Status status, String detail) {}

  /** The calls that served the user's task. */
  public List<Call> taskCalls() { return calls.stream().filter(c -> c.goal() == null).toList(); }

  /** The calls that served an attacker goal. */
  public List<Call> goalCalls(String goal) { return calls.stream().filter(c -> goal.equals(c.goal())).toList(); }
}
