package dev.portcullis.mcp;

import java.util.List;

/** The MCP revisions the gateway speaks to agents, and what distinguishes them. */
public final class Protocol {
  /** The stateful revision: initialize, sessions, GET stream. */
  public static final String V2025_11_25 = "2025-11-25";
  /** The stateless revision: per-request _meta, server/discover, routing headers. */
  public static final String V2026_07_28 = "2026-07-28";
  /** Earlier stateful revisions still accepted at initialize. */
  public static final List<String> LEGACY = List.of(V2025_11_25, "2025-06-18", "2025-03-26");
  /** Stateless revisions. */
  public static final List<String> MODERN = List.of(V2026_07_28);
  /** The _meta key carrying the protocol version in the stateless revision. */
  public static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
  /** The _meta key carrying client capabilities in the stateless revision. */
  public static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  /** The _meta key carrying server info in results of the stateless revision. */
  public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";

  private Protocol() {}

  /** Whether a version is of the stateless era. */
  public static boolean isModern(String version) { return version != null && version.compareTo(V2026_07_28) >= 0; }
}
