package dev.portcullis.oversight;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate or quantity limit on tool calls: at most {@code limit} units per {@code window}, refilled
 * continuously (a token bucket per key).
 *
 * @param id       names the rule in errors and audit records
 * @param scope    what one bucket counts: per agent, per agent and tool, per tool, or everything together
 * @param agents   glob over agent ids the rule applies to ({@code *} matches any run of characters);
 *                 {@code null} for all agents
 * @param tools    glob over namespaced tool names the rule applies to; {@code null} for all tools
 * @param limit    units admitted per window, and the most that can be spent in one burst
 * @param window   the period over which {@code limit} units refill
 * @param argument the numeric argument whose value is the cost of a call (a quantity limit, e.g.
 *                 {@code amount}); {@code null} to count each call as one unit (a rate limit)
 */
public record ThrottleRule(String id, Scope scope, String agents, String tools, long limit, Duration window,
                           String argument) {
  public ThrottleRule {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("a throttle rule needs an id");
    Objects.requireNonNull(scope, "scope of throttle rule '" + id + "'");
    Objects.requireNonNull(window, "window of throttle rule '" + id + "'");
    if (limit <= 0) throw new IllegalArgumentException("limit of throttle rule '" + id + "' must be positive, was " + limit);
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window of throttle rule '" + id + "' must be positive, was " + window);
    }
    if (argument != null && argument.isBlank()) {
      throw new IllegalArgumentException("argument of throttle rule '" + id + "' is blank");
    }
  }

  /** A rate limit: each call costs one unit. */
  public ThrottleRule(String id, Scope scope, String agents, String tools, long limit, Duration window) {
    this(id, scope, agents, tools, limit, window, null);
  }

  /** What one bucket of a rule counts. */
  public enum Scope {
    /** One bucket per agent, over all matching tools. */
    PER_AGENT,
    /** One bucket per agent and tool. */
    PER_AGENT_TOOL,
    /** One bucket per tool, over all matching agents. */
    PER_TOOL,
    /** One bucket for all matching calls. */
    GLOBAL
  }
}
