package dev.portcullis.server;

/** The gateway's version. */
public final class Version {
  /** The version string reported to MCP clients and in logs. */
  public static final String VERSION = "0.1.0";

  private Version() {}
}
