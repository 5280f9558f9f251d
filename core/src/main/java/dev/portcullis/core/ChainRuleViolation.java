package dev.portcullis.core;

/** A stage broke a rule of the chain (proceeded twice, swapped the principal, ...). A bug, never a decision. */
public final class ChainRuleViolation extends RuntimeException {
  /** A violation described by a message that names the stage. */
  public ChainRuleViolation(String message) { super(message); }
}
