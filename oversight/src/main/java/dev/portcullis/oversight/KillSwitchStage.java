package dev.portcullis.oversight;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import java.util.Objects;

/**
 * The stage that refuses calls stopped by a kill switch. It runs right after authentication, on
 * every method: a global switch stops everything, including {@code tools/list}; agent switches stop
 * every call of the agent; tool and upstream switches stop {@code tools/call} of that tool or of any
 * tool of that upstream.
 */
public final class KillSwitchStage implements Stage {
  private final KillSwitchBoard board;

  /** A stage checking this board. */
  public KillSwitchStage(KillSwitchBoard board) { this.board = Objects.requireNonNull(board, "board"); }

  @Override
  public String name() { return "kill-switch"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    String agent = exchange.principal() == null ? null : exchange.principal().agentId();
    String tool = ToolNames.calledTool(exchange);
    board.match(agent, tool, ToolNames.upstreamOf(tool)).ifPresent(hit -> {
      throw new GatewayException(new GatewayError.Stopped(KillSwitchBoard.describe(hit), hit.reason()));
    });
    return chain.proceed(exchange);
  }
}
