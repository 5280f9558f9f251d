package dev.portcullis.bench.scenarios.workspace;

import dev.portcullis.bench.scenarios.server.StdioToolServer;

/** The office-workspace MCP server over stdio: {@code WorkspaceServer --state <file> --journal <file>}. */
public final class WorkspaceServer {
  private WorkspaceServer() {}

  /** Serves the workspace tools until the parent process ends. */
  public static void main(String[] args) throws InterruptedException {
    StdioToolServer.serve("workspace", WorkspaceTools.all(), args);
  }
}
