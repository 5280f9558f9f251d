package dev.portcullis.bench.scenarios;

import java.util.Map;

/**
 * How the agent reaches the tools of one suite's server: through Portcullis, over stdio straight
 * to the server, or in-process. Tool names are the server's own ({@code send_money}); a caller
 * that goes through the gateway adds the namespace.
 */
public interface ToolCaller extends AutoCloseable {
  /** Calls a tool; never throws for a refused or failed call, which is an outcome like any other. */
  CallOutcome call(String tool, Map<String, Object> arguments);

  @Override
  void close();
}
