package dev.portcullis.core;

/**
 * One step of the request path. A stage inspects or enriches the exchange and then either
 * proceeds (returning what the rest of the chain returns, possibly wrapped) or stops the exchange
 * by throwing {@link GatewayException} or returning a {@link Outcome.Failed}.
 *
 * <p>Stages run on a virtual thread, one exchange at a time; a stage may block on I/O.
 */
public interface Stage {

  /** A short name for logs, audit and chain-rule errors. */
  String name();

  /** Handles the exchange; calls {@link Chain#proceed(Exchange)} at most once. */
  Outcome apply(Exchange exchange, Chain chain);

  /** The rest of the chain, as seen from one stage. */
  interface Chain {
    /** Runs the remaining stages and returns their outcome. */
    Outcome proceed(Exchange exchange);
  }
}
