package dev.portcullis.bench.scenarios.messaging;

import dev.portcullis.bench.scenarios.server.StdioToolServer;

/** The team-messaging MCP server over stdio: {@code MessagingServer --state <file> --journal <file>}. */
public final class MessagingServer {
  private MessagingServer() {}

  /** Serves the messaging tools until the parent process ends. */
  public static void main(String[] args) throws InterruptedException {
    StdioToolServer.serve("messaging", MessagingTools.all(), args);
  }
}
