package dev.portcullis.bench.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LeaseRunOptionsTest {

  @Test
  void noArguments_giveTheDefaults() {
    var options = LeaseRunOptions.parse(new String[0]);

    assertThat(options.iterations()).isEqualTo(LeaseRunOptions.DEFAULT_ITERATIONS);
    assertThat(options.warmup()).isEqualTo(LeaseRunOptions.DEFAULT_WARMUP);
    assertThat(options.out()).isNull();
  }

  @Test
  void givenOptions_areTaken() {
    var options = LeaseRunOptions.parse(new String[] {"--iterations", "5", "--warmup", "0", "--out", "r.json"});

    assertThat(options.iterations()).isEqualTo(5);
    assertThat(options.warmup()).isZero();
    assertThat(options.out()).isEqualTo(Path.of("r.json"));
  }

  @Test
  void unknownOptionsAndNonNumbers_areRefused() {
    assertThatThrownBy(() -> LeaseRunOptions.parse(new String[] {"--rounds", "5"})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LeaseRunOptions.parse(new String[] {"--iterations", "many"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LeaseRunOptions.parse(new String[] {"--iterations", "0"})).isInstanceOf(IllegalArgumentException.class);
  }
}
