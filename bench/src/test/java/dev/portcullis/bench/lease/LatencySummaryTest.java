package dev.portcullis.bench.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void percentiles_areNearestRankSamples_inMilliseconds() {
    // 1..100 ms, shuffled order does not matter.
    long[] nanos = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * 1_000_000L).toArray();

    LatencySummary s = LatencySummary.ofNanos(nanos);

    assertThat(s.n()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(50.0);
    assertThat(s.p90()).isEqualTo(90.0);
    assertThat(s.p99()).isEqualTo(99.0);
    assertThat(s.max()).isEqualTo(100.0);
  }

  @Test
  void oneSample_isEveryPercentile() {
    LatencySummary s = LatencySummary.ofNanos(new long[] {2_500_000L});

    assertThat(s.p50()).isEqualTo(2.5);
    assertThat(s.p99()).isEqualTo(2.5);
  }

  @Test
  void noSamples_isRefused() {
    assertThatThrownBy(() -> LatencySummary.ofNanos(new long[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
