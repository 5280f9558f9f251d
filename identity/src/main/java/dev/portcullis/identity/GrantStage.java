package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds a delegated call to the task grant it was made under: only tools the grant's
 * {@code authorization_details} name (exactly, or by a {@code prefix*} glob) exist for the caller,
 * and a grant's {@code max_calls} caps the calls made under it. Because a sub-agent's grant can only
 * be narrower than its parent's, a tool the current token covers is held by every agent in the
 * chain. Calls made by an agent on its own, without a user's delegation, are left to policy.
 *
 * <p>Call counts are kept per transaction, task and caller in this process, and forgotten once the
 * delegation has expired; a replica restart or a second replica starts its own count (the token's
 * short life bounds what that allows).
 */
public final class GrantStage implements Stage {
  /** Counted grants kept before expired ones are swept. */
  static final int SWEEP_THRESHOLD = 10_000;

  private final InstantSource clock;
  private final Map<String, Count> counts = new ConcurrentHashMap<>();

  /** A stage counting calls by {@code clock}'s time. */
  public GrantStage(InstantSource clock) { this.clock = Objects.requireNonNull(clock, "clock"); }

  @Override
  public String name() { return "grant"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    Delegation delegation = exchange.principal() == null ? null : exchange.principal().delegation();
    if (delegation == null) return chain.proceed(exchange);
    if ("tools/list".equals(exchange.request().method())) {
      exchange.showTools(exchange.visibleTools().stream().filter(t -> granting(delegation, t.name()) != null).toList());
    }
    ToolDefinition tool = exchange.tool();
    if (tool != null && "tools/call".equals(exchange.request().method())) {
      Map<String, Object> grant = granting(delegation, tool.name());
      if (grant == null) {
        throw new GatewayException(new GatewayError.ToolBlocked(tool.name(),
            "it is outside the task grant '" + delegation.task() + "' this delegation carries"));
      }
      if (grant.get("max_calls") instanceof Number max) count(exchange, delegation, tool, max.longValue());
      exchange.note("grant", delegation.task());
    }
    return chain.proceed(exchange);
  }

  private void count(Exchange exchange, Delegation delegation, ToolDefinition tool, long max) {
    if (counts.size() > SWEEP_THRESHOLD) sweep();
    String key = delegation.txn() + "\n" + delegation.task() + "\n" + delegation.chain().getFirst().subject();
    Count count = counts.computeIfAbsent(key, k -> new Count(delegation.expiresAt()));
    long made = count.calls.incrementAndGet();
    if (made > max) {
      throw new GatewayException(new GatewayError.ToolBlocked(tool.name(),
          "the task grant '" + delegation.task() + "' allows " + max + " calls and they have been made"));
    }
    exchange.note("grantCalls", made);
  }

  private void sweep() {
    Instant now = clock.instant();
    counts.values().removeIf(c -> c.expiresAt.isBefore(now));
  }

  /** The grant entry covering {@code tool}, or {@code null}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> granting(Delegation delegation, String tool) {
    for (Map<String, Object> grant : delegation.authorizationDetails()) {
      if (grant.get("tools") instanceof List<?> tools) {
        for (Object pattern : tools) {
          if (pattern instanceof String p && TaskGrant.covers(p, tool)) return grant;
        }
      }
    }
    return null;
  }

  private static final class Count {
    final Instant expiresAt;
    final AtomicLong calls = new AtomicLong();

    Count(Instant expiresAt) { this.expiresAt = expiresAt == null ? Instant.MAX : expiresAt; }
  }
}
