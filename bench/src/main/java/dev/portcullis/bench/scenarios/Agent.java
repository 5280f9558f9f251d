package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What task and attack scripts can do: call a tool of the suite and read its result, and give the
 * user an answer. The scripts stand in for a language model's decisions; every value they pass on
 * comes from the task text or from a result they parsed.
 */
public interface Agent {
  /**
   * Calls a tool and returns its result as parsed JSON.
   *
   * @throws StepFailed when the call was refused, held, failed, or the tool answered with an error
   */
  JsonNode call(String tool, Map<String, Object> arguments);

  /** Records the agent's final answer to the user (for tasks that ask a question). */
  void answer(String text);
}
