package dev.portcullis.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * An engaged kill switch: while it exists, every call in its scope is refused.
 *
 * @param scope   {@code global}, {@code agent}, {@code tool} or {@code upstream}
 * @param target  the agent id, tool or upstream name; {@code *} for global
 * @param reason  why it was engaged
 * @param by      who engaged it
 * @param at      when
 */
public record KillSwitch(String scope, String target, String reason, String by, Instant at) {
  public KillSwitch {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(target, "target");
  }
}
