package dev.portcullis.bench.scenarios;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A task as the user states it to the identity provider: the one RFC 9396
 * {@code authorization_details} entry (type {@value #TYPE}) that the user's access token carries and
 * the agent's delegation repeats, so that the gateway knows, in the user's own words, what the agent
 * was asked to do.
 *
 * <p>Values are checked here as strictly as the gateway checks them, and a prompt too long to state
 * is refused rather than cut: a shortened prompt would be words the user never said.
 *
 * @param task        the task id, {@code [A-Za-z0-9._:-]{1,128}}
 * @param description the user's prompt, verbatim, at most {@value #MAX_DESCRIPTION} characters
 * @param tools       the tool patterns the task may call, e.g. {@code bank.*}
 */
public record StatedTask(String task, String description, List<String> tools) {
  /** The authorization details type of a task. */
  public static final String TYPE = "portcullis_task";
  /** The longest description the gateway accepts. */
  public static final int MAX_DESCRIPTION = 256;

  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  public StatedTask {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(description, "description");
    tools = List.copyOf(tools);
    if (!TASK_ID.matcher(task).matches()) {
      throw new IllegalArgumentException("task id '" + task + "' must be 1 to 128 characters of [A-Za-z0-9._:-]");
    }
    if (description.length() > MAX_DESCRIPTION) {
      throw new IllegalArgumentException("the prompt of task '" + task + "' has " + description.length()
          + " characters; a stated task holds at most " + MAX_DESCRIPTION);
    }
    if (description.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("the prompt of task '" + task + "' holds a control character");
    }
    if (tools.isEmpty()) throw new IllegalArgumentException("task '" + task + "' names no tools");
  }

  /**
   * The task a user of {@code suite} gives with {@code userTask}: id {@code <suite>.<task-id>}, the
   * prompt as description, and every tool of the suite's server.
   */
  public static StatedTask of(Suite suite, UserTask userTask) {
    return new StatedTask(suite.name() + "." + userTask.id(), userTask.prompt(), List.of(suite.name() + ".*"));
  }

  /** The {@code authorization_details} value: a one-entry array, members in a fixed order. */
  public List<Map<String, Object>> authorizationDetails() {
    var entry = new LinkedHashMap<String, Object>();
    entry.put("type", TYPE);
    entry.put("task", task);
    entry.put("description", description);
    entry.put("tools", tools);
    return List.of(entry);
  }
}
