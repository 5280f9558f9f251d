package dev.portcullis.oversight;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stage that enforces rate and quantity limits on {@code tools/call}. Every rule matching the
 * call must admit it; all are checked before any bucket is charged, so a call refused by one rule
 * costs nothing in the others. Other methods pass untouched.
 */
public final class ThrottleStage implements Stage {
  /** How many buckets exist at most unless told otherwise. */
  public static final int DEFAULT_MAX_BUCKETS = 100_000;

  private final List<CompiledRule> rules;
  private final InstantSource clock;
  private final Buckets buckets;
  private final ReentrantLock lock = new ReentrantLock();

  /** A stage enforcing these rules with at most {@link #DEFAULT_MAX_BUCKETS} buckets. */
  public ThrottleStage(List<ThrottleRule> rules, InstantSource clock) { this(rules, clock, DEFAULT_MAX_BUCKETS); }

  /**
   * A stage enforcing these rules with at most {@code maxBuckets} buckets.
   *
   * @throws IllegalArgumentException when two rules share an id or {@code maxBuckets} is not positive
   */
  public ThrottleStage(List<ThrottleRule> rules, InstantSource clock, int maxBuckets) {
    var ids = new HashSet<String>();
    var compiled = new ArrayList<CompiledRule>();
    for (ThrottleRule rule : rules) {
      if (!ids.add(rule.id())) throw new IllegalArgumentException("throttle rule id '" + rule.id() + "' is used twice");
      compiled.add(new CompiledRule(rule, Glob.of(rule.agents()), Glob.of(rule.tools())));
    }
    this.rules = List.copyOf(compiled);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.buckets = new Buckets(maxBuckets);
  }

  @Override
  public String name() { return "throttle"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    if (!"tools/call".equals(exchange.request().method()) || rules.isEmpty()) return chain.proceed(exchange);
    if (exchange.principal() == null) throw new IllegalStateException("the throttle stage runs after authentication");
    String agent = exchange.principal().agentId();
    String tool = ToolNames.calledTool(exchange);

    var charges = new ArrayList<Charge>();
    for (CompiledRule r : rules) {
      if (r.agents.matches(agent) && r.tools.matches(tool)) {
        charges.add(new Charge(r.rule, key(r.rule, agent, tool), cost(r.rule, exchange)));
      }
    }
    if (charges.isEmpty()) return chain.proceed(exchange);

    Refusal refusal = charge(charges, clock.instant());
    if (refusal != null) {
      exchange.note("throttle", Map.of("rule", refusal.rule, "retryAfterSeconds", refusal.retryAfterSeconds));
      throw new GatewayException(new GatewayError.Throttled(refusal.rule, refusal.retryAfterSeconds));
    }
    return chain.proceed(exchange);
  }

  /** How many buckets exist now. */
  int bucketCount() {
    lock.lock();
    try {
      return buckets.size();
    } finally {
      lock.unlock();
    }
  }

  /** Checks every charge, then takes them all; returns the longest refusal, or {@code null} when admitted. */
  private Refusal charge(List<Charge> charges, Instant now) {
    lock.lock();
    try {
      var found = new ArrayList<TokenBucket>(charges.size());
      Refusal refusal = null;
      for (Charge c : charges) {
        TokenBucket bucket = buckets.get(c.key, c.rule, now);
        long retryAfter = bucket == null ? c.rule.window().toSeconds() + 1
            : bucket.admits(c.cost) ? 0 : bucket.secondsUntil(c.cost);
        if (retryAfter > 0 && (refusal == null || retryAfter > refusal.retryAfterSeconds)) {
          refusal = new Refusal(c.rule.id(), retryAfter);
        }
        found.add(bucket);
      }
      if (refusal != null) return refusal;
      for (int i = 0; i < charges.size(); i++) found.get(i).take(charges.get(i).cost);
      return null;
    } finally {
      lock.unlock();
    }
  }

  private static Buckets.Key key(ThrottleRule rule, String agent, String tool) {
    return switch (rule.scope()) {
      case PER_AGENT -> new Buckets.Key(rule.id(), agent, null);
      case PER_AGENT_TOOL -> new Buckets.Key(rule.id(), agent, tool);
      case PER_TOOL -> new Buckets.Key(rule.id(), null, tool);
      case GLOBAL -> new Buckets.Key(rule.id(), null, null);
    };
  }

  /** One unit for a rate limit; the named argument's value for a quantity limit, which must be a non-negative number. */
  private static double cost(ThrottleRule rule, Exchange exchange) {
    if (rule.argument() == null) return 1;
    if (exchange.arguments().get(rule.argument()) instanceof Number n) {
      double value = n.doubleValue();
      if (Double.isFinite(value) && value >= 0) return value;
    }
    exchange.note("throttle", Map.of("rule", rule.id(), "refused", "argument missing or not a non-negative number"));
    throw new GatewayException(new GatewayError.InvalidParams("throttle rule '" + rule.id() + "' limits the quantity in argument '"
        + rule.argument() + "', which must be present and a non-negative number"));
  }

  private record CompiledRule(ThrottleRule rule, Glob agents, Glob tools) {}

  private record Charge(ThrottleRule rule, Buckets.Key key, double cost) {}

  private record Refusal(String rule, long retryAfterSeconds) {}
}
