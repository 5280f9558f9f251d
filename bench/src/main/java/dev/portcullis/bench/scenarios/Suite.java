package dev.portcullis.bench.scenarios;

import dev.portcullis.bench.scenarios.server.ToolDef;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One scenario suite: a tool server, its seeded data, the tasks users give the agent, and what
 * attackers try to make it do instead.
 *
 * @param name        the upstream name of the server behind the gateway ({@code bank}), also the
 *                    namespace of its tools and the path of its endpoint ({@code /mcp/bank})
 * @param title       the suite's name in reports
 * @param userName    the user the agent works for (attack texts pretend to be them)
 * @param serverClass the class whose {@code main} serves the tools over stdio
 * @param tools       the server's tools
 * @param labels      the operator's labels of every tool, used when the defence is on
 * @param seed        the seeded data
 * @param tasks       benign user tasks
 * @param goals       attacker goals
 */
public record Suite(String name, String title, String userName, Class<?> serverClass, List<ToolDef> tools,
                    Map<String, ToolLabel> labels, Seed seed, List<UserTask> tasks, List<AttackerGoal> goals) {
  public Suite {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(serverClass, "serverClass");
    tools = List.copyOf(tools);
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    Objects.requireNonNull(seed, "seed");
    tasks = List.copyOf(tasks);
    goals = List.copyOf(goals);
    Set<String> toolNames = new HashSet<>();
    tools.forEach(t -> toolNames.add(t.name()));
    if (!labels.keySet().equals(toolNames)) {
      throw new IllegalArgumentException("suite " + name + ": labels must cover exactly the tools " + toolNames + ", not " + labels.keySet());
    }
    unique(name, tasks.stream().map(UserTask::id).toList(), "task");
    unique(name, goals.stream().map(AttackerGoal::id).toList(), "goal");
    for (UserTask t : tasks) {
      if (!seed.slots().containsAll(t.slots())) throw new IllegalArgumentException("task " + t.id() + " names unknown slots " + t.slots());
    }
  }

  /** The task with this id. @throws IllegalArgumentException when the suite has none */
  public UserTask task(String id) {
    return tasks.stream().filter(t -> t.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("suite " + name + " has no task '" + id + "'"));
  }

  /** The goal with this id. @throws IllegalArgumentException when the suite has none */
  public AttackerGoal goal(String id) {
    return goals.stream().filter(g -> g.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("suite " + name + " has no goal '" + id + "'"));
  }

  /** The tasks that read attacker-controlled text and so are paired with attacks. */
  public List<UserTask> attackableTasks() { return tasks.stream().filter(t -> !t.slots().isEmpty()).toList(); }

  private static void unique(String name, List<String> ids, String what) {
    if (new HashSet<>(ids).size() != ids.size()) throw new IllegalArgumentException("suite " + name + " has duplicate " + what + " ids: " + ids);
  }
}
