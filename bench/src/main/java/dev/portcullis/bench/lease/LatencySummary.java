package dev.portcullis.bench.lease;

import java.util.Arrays;

/**
 * The distribution of one measure's samples, in milliseconds. Percentiles are nearest-rank: the
 * smallest sample with at least that share of the samples at or below it, so every figure is a
 * latency that was actually observed.
 */
public record LatencySummary(int n, double p50, double p90, double p99, double max) {

  /** Summarises samples given in nanoseconds. */
  public static LatencySummary ofNanos(long[] nanos) {
    if (nanos.length == 0) throw new IllegalArgumentException("a latency summary needs at least one sample");
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(sorted.length, millis(rank(sorted, 0.50)), millis(rank(sorted, 0.90)),
        millis(rank(sorted, 0.99)), millis(sorted[sorted.length - 1]));
  }

  private static long rank(long[] sorted, double share) {
    int index = (int) Math.ceil(share * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }

  private static double millis(long nanos) { return nanos / 1_000_000.0; }
}
