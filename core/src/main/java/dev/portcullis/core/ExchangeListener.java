package dev.portcullis.core;

/**
 * Telemetry hook with paired start/end events. Implementations must be cheap; anything they throw
 * is swallowed by the chain, so telemetry can never change an outcome.
 */
public interface ExchangeListener {
  /** A listener that does nothing. */
  ExchangeListener NONE = new ExchangeListener() {};

  /** The chain is about to run. */
  default void exchangeStarted(Exchange exchange) {}

  /** A stage is about to run. */
  default void stageStarted(Exchange exchange, String stage) {}

  /** A stage returned (or threw, in which case {@code failure} is set). */
  default void stageEnded(Exchange exchange, String stage, long nanos, Throwable failure) {}

  /** The chain returned this outcome. */
  default void exchangeEnded(Exchange exchange, Outcome outcome, long nanos) {}
}
