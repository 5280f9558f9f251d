package dev.portcullis.core;

import java.util.List;
import java.util.Objects;

/**
 * Runs an exchange through an ordered list of stages and enforces the rules of the chain.
 *
 * <p>Rules: each stage proceeds at most once; proceeding past the last stage is an error; the
 * authenticated principal cannot be replaced ({@link Exchange#authenticate}); a stage that returns
 * nothing, throws, or breaks a rule fails the exchange closed with an error naming the stage. A
 * {@link GatewayException} is the normal way for a stage to refuse and becomes a failed outcome.
 */
public final class StageChain {
  private final List<Stage> stages;
  private final ExchangeListener listener;

  /** A chain of these stages, in this order. */
  public StageChain(List<Stage> stages, ExchangeListener listener) {
    this.stages = List.copyOf(stages);
    this.listener = Objects.requireNonNull(listener, "listener");
    if (this.stages.isEmpty()) throw new IllegalArgumentException("a chain needs at least one stage");
  }

  /** The stage names in order. */
  public List<String> stageNames() { return stages.stream().map(Stage::name).toList(); }

  /** Runs the exchange through every stage and returns the outcome; never throws. */
  public Outcome run(Exchange exchange) {
    long start = System.nanoTime();
    emit(() -> listener.exchangeStarted(exchange));
    Outcome outcome = new Link(0).proceed(exchange);
    emit(() -> listener.exchangeEnded(exchange, outcome, System.nanoTime() - start));
    return outcome;
  }

  private void emit(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException ignored) {
      // Telemetry never changes an outcome.
    }
  }

  /** The chain as seen by the stage at {@code index}. */
  private final class Link implements Stage.Chain {
    private final int index;
    private boolean proceeded;

    Link(int index) { this.index = index; }

    @Override
    public Outcome proceed(Exchange exchange) {
      if (index >= stages.size()) {
        throw new ChainRuleViolation("stage '" + stages.getLast().name() + "' proceeded past the end of the chain");
      }
      Stage stage = stages.get(index);
      String caller = index == 0 ? "ingress" : stages.get(index - 1).name();
      if (proceeded) throw new ChainRuleViolation("stage '" + caller + "' proceeded more than once");
      proceeded = true;

      exchange.enterStage(stage.name());
      emit(() -> listener.stageStarted(exchange, stage.name()));
      long start = System.nanoTime();
      Throwable failure = null;
      Outcome outcome;
      try {
        outcome = stage.apply(exchange, new Link(index + 1));
        if (outcome == null) {
          outcome = Outcome.failed(new GatewayError.Internal("stage '" + stage.name() + "' returned no outcome"));
        }
      } catch (GatewayException e) {
        outcome = Outcome.failed(e.error());
      } catch (ChainRuleViolation e) {
        failure = e;
        outcome = Outcome.failed(new GatewayError.Internal("chain rule broken: " + e.getMessage()));
      } catch (RuntimeException | Error e) {
        failure = e;
        outcome = Outcome.failed(new GatewayError.Internal("stage '" + stage.name() + "' failed"));
      }
      long nanos = System.nanoTime() - start;
      Throwable f = failure;
      emit(() -> listener.stageEnded(exchange, stage.name(), nanos, f));
      exchange.enterStage(caller);
      return outcome;
    }
  }
}
