package dev.portcullis.bench.scenarios;

/**
 * What became of one tool call the agent made: a result it can read, an error the tool itself
 * answered, a refusal by the gateway (JSON-RPC error, e.g. {@code -32003} for a policy denial or a
 * held call nobody approved), or a failure to get any answer.
 */
public sealed interface CallOutcome {
  /** The tool answered; {@code text} is what the agent reads. */
  record Result(String text) implements CallOutcome {}

  /** The tool answered with an error ({@code isError}); it did not act. */
  record ToolError(String message) implements CallOutcome {}

  /**
   * The gateway refused the call.
   *
   * @param code    the JSON-RPC error code
   * @param message the gateway's explanation
   * @param held    whether the call was held for a human first (and nobody approved it)
   */
  record Refused(int code, String message, boolean held) implements CallOutcome {}

  /** No usable answer: transport failure, timeout, malformed result. */
  record Failed(String message) implements CallOutcome {}
}
