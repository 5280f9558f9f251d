package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FingerprintTableTest {

  @Test
  void labels_unseenFingerprint_isNull() {
    assertThat(new FingerprintTable(8).labels(42L)).isNull();
  }

  @Test
  void add_sameFingerprintTwice_keepsTheUnionOfLabels() {
    var table = new FingerprintTable(8);
    table.add(7L, Set.of("internal"));
    table.add(7L, Set.of("untrusted", "public"));

    assertThat(table.labels(7L)).containsExactlyInAnyOrder("internal", "untrusted", "public");
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void add_pastTheLimit_evictsTheOldestFirst() {
    var table = new FingerprintTable(3);
    for (long fp = 1; fp <= 5; fp++) table.add(fp, Set.of("untrusted"));

    assertThat(table.labels(1L)).isNull();
    assertThat(table.labels(2L)).isNull();
    assertThat(table.labels(3L)).containsExactly("untrusted");
    assertThat(table.labels(5L)).containsExactly("untrusted");
    assertThat(table.size()).isEqualTo(3);
    assertThat(table.evicted()).isEqualTo(2);
  }

  @Test
  void add_growsBeyondItsInitialCapacityWithoutLosingEntries() {
    var table = new FingerprintTable(10_000);
    for (long fp = 0; fp < 5_000; fp++) table.add(fp * 0x1000_0000_0000L, Set.of("l" + fp % 3));

    assertThat(table.evicted()).isZero();
    for (long fp = 0; fp < 5_000; fp++) assertThat(table.labels(fp * 0x1000_0000_0000L)).containsExactly("l" + fp % 3);
  }

  @Test
  void add_manyRandomFingerprints_agreesWithAPlainFirstInFirstOutModel() {
    var random = new Random(20260302L);
    int max = 257;
    var table = new FingerprintTable(max);
    var model = new LinkedHashMap<Long, Set<String>>();
    for (int step = 0; step < 50_000; step++) {
      // A small key space makes repeats, evictions and probe-run collisions all frequent.
      long fp = random.nextInt(600) * 0x9E37_79B9L;
      Set<String> labels = Set.of("l" + random.nextInt(4));
      table.add(fp, labels);
      if (model.containsKey(fp)) {
        var union = new TreeSet<>(model.get(fp));
        union.addAll(labels);
        model.put(fp, union);
      } else {
        if (model.size() == max) model.remove(model.keySet().iterator().next());
        model.put(fp, labels);
      }
      long probe = random.nextInt(600) * 0x9E37_79B9L;
      assertThat(table.labels(probe)).as("step %d", step).isEqualTo(model.get(probe));
    }
    assertThat(table.size()).isEqualTo(model.size());
  }

  @Test
  void constructor_noCapacity_isRefused() {
    assertThatThrownBy(() -> new FingerprintTable(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
  }
}
