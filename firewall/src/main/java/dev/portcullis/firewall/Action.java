package dev.portcullis.firewall;

import java.util.Locale;

/**
 * What the gateway does about a finding, weakest first: the strongest action of all findings is the
 * inspection's action, so the declaration order is significant.
 */
public enum Action {
  /** Let the content pass unchanged; the finding is only recorded. */
  ALLOW,
  /** Let the content pass and label the session and audit record with the finding's category. */
  ANNOTATE,
  /** Replace the finding's text with a typed placeholder such as {@code [redacted:email]}. */
  REDACT,
  /** Hold the call until a human approves it. */
  HOLD,
  /** Refuse the call. */
  BLOCK;

  /** The stronger of this action and another. */
  public Action max(Action other) { return other.ordinal() > ordinal() ? other : this; }

  /** Whether this action is at least as strong as another. */
  public boolean atLeast(Action other) { return ordinal() >= other.ordinal(); }

  /** Parses an action name case-insensitively. */
  public static Action parse(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    for (Action a : values()) {
      if (a.name().equals(n)) return a;
    }
    throw new IllegalArgumentException("unknown action '" + name + "'; expected one of " + java.util.Arrays.toString(values()));
  }
}
