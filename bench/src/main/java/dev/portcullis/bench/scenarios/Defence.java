package dev.portcullis.bench.scenarios;

import java.util.Locale;

/** Whether the gateway runs with the information-flow defence. */
public enum Defence {
  /** An allow-everything policy, no tool labels, no firewall. */
  OFF,
  /** Tool labels, the firewall, and the information-flow policy rules. */
  ON;

  /** The lower-case name used on the command line and in reports. */
  public String id() { return name().toLowerCase(Locale.ROOT); }

  /** Parses {@code off} or {@code on}. */
  public static Defence parse(String s) {
    return switch (s) {
      case "off" -> OFF;
      case "on" -> ON;
      default -> throw new IllegalArgumentException("defence must be off or on, not '" + s + "'");
    };
  }
}
