package dev.portcullis.bench.lease;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/** The samples of every measure, in nanoseconds, recorded only while {@link #counting} is on. */
final class Timings {
  private final Map<Measure, long[]> samples = new EnumMap<>(Measure.class);
  private final Map<Measure, Integer> sizes = new EnumMap<>(Measure.class);
  private boolean counting;

  /** Turns recording on or off (off during warm-up). */
  void counting(boolean on) { counting = on; }

  /** Records one sample of {@code measure} that started at {@code startNanos} and ends now. */
  void since(Measure measure, long startNanos) {
    long elapsed = System.nanoTime() - startNanos;
    if (!counting) return;
    long[] values = samples.computeIfAbsent(measure, m -> new long[64]);
    int size = sizes.getOrDefault(measure, 0);
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      samples.put(measure, values);
    }
    values[size] = elapsed;
    sizes.put(measure, size + 1);
  }

  /** The summary of every measure that has samples, in declaration order. */
  Map<Measure, LatencySummary> summaries() {
    var result = new EnumMap<Measure, LatencySummary>(Measure.class);
    samples.forEach((measure, values) -> result.put(measure,
        LatencySummary.ofNanos(Arrays.copyOf(values, sizes.get(measure)))));
    return result;
  }
}
