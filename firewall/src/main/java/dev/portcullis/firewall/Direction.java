package dev.portcullis.firewall;

/** Which way content flows through the gateway; detectors and actions are chosen per direction. */
public enum Direction {
  /** What an upstream tool returned, on its way to the agent: scanned for injection, stripped of hidden content. */
  TOOL_RESULT,
  /** What an agent sends to a tool: scanned for secrets, personal data and exfiltration on their way out. */
  TOOL_ARGUMENTS
}
