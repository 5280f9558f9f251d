package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

  @Test
  void manyRandomFingerprints_agreeWithAHashSet() {
    var set = new FingerprintSet();
    var model = new HashSet<Long>();
    var random = new Random(3);
    for (int i = 0; i < 5000; i++) {
      // Few distinct values, so that many adds are repeats; zero and negatives included.
      long fingerprint = random.nextInt(3000) - 1500L;
      assertThat(set.add(fingerprint)).isEqualTo(model.add(fingerprint));
    }

    assertThat(set).hasSize(model.size()).containsExactlyInAnyOrderElementsOf(model);
    for (long probe = -2000; probe < 2000; probe++) {
      assertThat(set.has(probe)).as("%d", probe).isEqualTo(model.contains(probe));
    }
    assertThat(set.contains("0")).isFalse();
  }

  @Test
  void isReadOnlyAsASetOfLongs() {
    var set = new FingerprintSet();
    set.add(42L);

    assertThatThrownBy(() -> set.add(Long.valueOf(7))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(set).containsExactly(42L);
  }
}
