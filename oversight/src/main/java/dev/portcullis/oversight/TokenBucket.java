package dev.portcullis.oversight;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket that refills continuously: {@code capacity} tokens per window, holding at most
 * {@code capacity}. Not thread-safe; the owner serialises access.
 */
final class TokenBucket {
  /*
   * Tokens are doubles because quantity costs may be fractional. Refill multiplies before it
   * divides so that whole fractions of the window give whole tokens, and comparisons allow a
   * rounding slack far below any meaningful cost.
   */
  private static final double SLACK = 1e-9;

  private final double capacity;
  private final double windowNanos;
  private double tokens;
  private Instant refilledAt;

  /** A full bucket. */
  TokenBucket(long capacity, Duration window, Instant now) {
    this.capacity = capacity;
    this.windowNanos = window.toNanos();
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Adds what has refilled since the last look; a clock that went back adds nothing. */
  void refill(Instant now) {
    if (now.isAfter(refilledAt)) {
      double nanos = Duration.between(refilledAt, now).toNanos();
      tokens = Math.min(capacity, tokens + nanos * capacity / windowNanos);
      refilledAt = now;
    }
  }

  /** Whether {@code cost} tokens are available (after {@link #refill}). */
  boolean admits(double cost) { return cost <= tokens + SLACK; }

  /** Takes {@code cost} tokens; call only after {@link #admits} said yes. */
  void take(double cost) { tokens = Math.max(0, tokens - cost); }

  /** Whether the bucket is full, i.e. indistinguishable from a new one (after {@link #refill}). */
  boolean isFull() { return tokens + SLACK >= capacity; }

  /**
   * Whole seconds until {@code cost} tokens are available, at least one; for a cost above the
   * capacity (never admitted), the time until the bucket is full.
   */
  long secondsUntil(double cost) {
    double needed = Math.min(cost, capacity) - tokens;
    double seconds = needed * windowNanos / capacity / 1e9;
    return Math.max(1, (long) Math.ceil(seconds - SLACK));
  }
}
