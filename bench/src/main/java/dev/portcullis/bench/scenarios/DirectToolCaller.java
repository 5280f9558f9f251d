package dev.portcullis.bench.scenarios;

import dev.portcullis.bench.scenarios.server.ToolHost;
import dev.portcullis.bench.scenarios.server.ToolReply;
import java.util.Map;
import java.util.Objects;

/**
 * Calls a suite's tools in-process, with no MCP and no gateway: the baseline a run through the
 * gateway is compared with, and what tests use to prove that tasks and attacks work at all.
 */
public final class DirectToolCaller implements ToolCaller {
  private final ToolHost host;

  /** A caller of the tools of {@code host}. */
  public DirectToolCaller(ToolHost host) { this.host = Objects.requireNonNull(host, "host"); }

  @Override
  public CallOutcome call(String tool, Map<String, Object> arguments) {
    ToolReply reply = host.call(tool, arguments);
    return reply.isError() ? new CallOutcome.ToolError(reply.error()) : new CallOutcome.Result(reply.text());
  }

  @Override
  public void close() {}
}
