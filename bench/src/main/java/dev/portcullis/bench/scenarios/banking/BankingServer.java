package dev.portcullis.bench.scenarios.banking;

import dev.portcullis.bench.scenarios.server.StdioToolServer;

/** The online-banking MCP server over stdio: {@code BankingServer --state <file> --journal <file>}. */
public final class BankingServer {
  private BankingServer() {}

  /** Serves the banking tools until the parent process ends. */
  public static void main(String[] args) throws InterruptedException {
    StdioToolServer.serve("bank", BankingTools.all(), args);
  }
}
