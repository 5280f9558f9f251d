package dev.portcullis.bench.scenarios.server;

/**
 * A call a tool refuses: a missing or malformed argument, an unknown id, an overdrawn account. The
 * agent receives the message as an error result ({@code isError: true}); nothing is journalled.
 */
public final class ToolFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message for the agent. */
  public ToolFailure(String message) { super(message, null, false, false); }
}
