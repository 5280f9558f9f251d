package dev.portcullis.bench.scenarios.travel;

import dev.portcullis.bench.scenarios.server.StdioToolServer;

/** The travel-booking MCP server over stdio: {@code TravelServer --state <file> --journal <file>}. */
public final class TravelServer {
  private TravelServer() {}

  /** Serves the travel tools until the parent process ends. */
  public static void main(String[] args) throws InterruptedException {
    StdioToolServer.serve("travel", TravelTools.all(), args);
  }
}
