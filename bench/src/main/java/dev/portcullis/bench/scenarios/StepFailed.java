package dev.portcullis.bench.scenarios;

/**
 * Thrown into a task or attack script when a step cannot go on: a call was refused, held without
 * approval or failed, or a result lacked what the script needed. The agent abandons that script
 * and carries on with whatever it was doing before.
 */
public final class StepFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failed step, with a reason for the trace. */
  public StepFailed(String reason) { super(reason, null, false, false); }
}
