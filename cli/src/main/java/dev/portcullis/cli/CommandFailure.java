package dev.portcullis.cli;

/**
 * A command that could not do what was asked, with the exit code that says why and a message
 * fit to show the user (never a token or other secret).
 */
final class CommandFailure extends RuntimeException {
  private final int exitCode;

  CommandFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** The operation was refused by the gateway or failed: exit code 1. */
  static CommandFailure failed(String message) { return new CommandFailure(PortcullisCli.EXIT_FAILED, message); }

  /** The process exit code for this failure. */
  int exitCode() { return exitCode; }
}
