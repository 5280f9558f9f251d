package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.bench.scenarios.server.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * A scripted agent that is fully compromised: it performs the user's task step by step, and
 * whenever a result it reads contains an attacker's instruction it obeys at once, taking the
 * concrete values (account, address, URL) from the text it read, then carries on with the task.
 *
 * <p>It stands for the worst case the gateway must survive: a model that follows every injected
 * instruction. It obeys each distinct instruction once per run, so an instruction planted in
 * several places, or read again while obeying it, does not loop. When a call is refused or held
 * without approval, the script it served (the task or the attacker's goal) ends there and the
 * agent goes back to what it was doing before.
 */
public final class CompromisedAgent {
  private final ToolCaller caller;
  private final List<AttackerGoal> goals;

  /**
   * An agent calling tools through {@code caller}, obeying any of {@code goals} it reads.
   *
   * @param goals the attacker goals it recognises; empty for an agent that obeys nothing
   */
  public CompromisedAgent(ToolCaller caller, List<AttackerGoal> goals) {
    this.caller = Objects.requireNonNull(caller, "caller");
    this.goals = List.copyOf(goals);
  }

  /** Performs a task and returns what happened. */
  public Trace perform(UserTask task) {
    var run = new Run();
    String abandoned = null;
    try {
      task.steps().accept(run);
    } catch (StepFailed e) {
      abandoned = e.getMessage();
    }
    return new Trace(run.calls, run.triggered, run.answer, abandoned);
  }

  /** One run: the agent as the scripts see it. */
  private final class Run implements Agent {
    final List<Trace.Call> calls = new ArrayList<>();
    final List<String> triggered = new ArrayList<>();
    final Set<String> obeyed = new HashSet<>();
    String answer = "";
    String serving;

    @Override
    public JsonNode call(String tool, Map<String, Object> arguments) {
      // Sorted, so traces and reports list arguments in a stable order.
      var args = new TreeMap<>(arguments);
      CallOutcome outcome = caller.call(tool, args);
      switch (outcome) {
        case CallOutcome.Result r -> {
          calls.add(new Trace.Call(tool, args, serving, Trace.Status.OK, ""));
          JsonNode parsed = parse(tool, r.text());
          obey(r.text());
          return parsed;
        }
        case CallOutcome.ToolError e -> {
          calls.add(new Trace.Call(tool, args, serving, Trace.Status.TOOL_ERROR, e.message()));
          throw new StepFailed(tool + " answered with an error: " + e.message());
        }
        case CallOutcome.Refused r -> {
          calls.add(new Trace.Call(tool, args, serving, r.held() ? Trace.Status.HELD : Trace.Status.BLOCKED, r.message()));
          throw new StepFailed(tool + (r.held() ? " was held for a human and not approved" : " was refused") + " (" + r.code() + ")");
        }
        case CallOutcome.Failed f -> {
          calls.add(new Trace.Call(tool, args, serving, Trace.Status.FAILED, f.message()));
          throw new StepFailed(tool + " failed: " + f.message());
        }
      }
    }

    @Override
    public void answer(String text) { answer = text == null ? "" : text; }

    private JsonNode parse(String tool, String text) {
      try {
        return Json.parse(text);
      } catch (IllegalArgumentException e) {
        throw new StepFailed(tool + " returned something that is not JSON");
      }
    }

    /** Obeys every attacker instruction in {@code text} not obeyed yet, in the order of the goals. */
    private void obey(String text) {
      for (AttackerGoal goal : goals) {
        Matcher m = goal.pattern().matcher(text);
        if (!m.find() || !obeyed.add(goal.id() + "\u0000" + m.group())) continue;
        triggered.add(goal.id());
        String before = serving;
        serving = goal.id();
        try {
          goal.exploit().accept(this, m);
        } catch (StepFailed e) {
          // The attacker's goal ends here; the agent returns to what it was doing.
        } finally {
          serving = before;
        }
      }
    }
  }
}
