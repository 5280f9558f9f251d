package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounded memory of {@link ProofReplayCache}. */
class ProofReplayCacheTest {
  private static final Duration WINDOW = Duration.ofSeconds(65);
  private final ProofReplayCache cache = new ProofReplayCache(3, WINDOW);

  @Test
  void remember_sameKeyAndJtiTwice_refusesTheSecond() {
    cache.remember("jkt", "a", TestClock.START);
    assertRefused(() -> cache.remember("jkt", "a", TestClock.START.plusSeconds(64)), "used before");
  }

  @Test
  void remember_full_refusesRatherThanForgets() {
    cache.remember("jkt", "a", TestClock.START);
    cache.remember("jkt", "b", TestClock.START);
    cache.remember("jkt", "c", TestClock.START);

    assertRefused(() -> cache.remember("jkt", "d", TestClock.START.plusSeconds(10)), "too many recent DPoP proofs");
    assertRefused(() -> cache.remember("jkt", "a", TestClock.START.plusSeconds(10)), "used before");
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void remember_afterWindow_evictsExpiredEntries() {
    cache.remember("jkt", "a", TestClock.START);
    cache.remember("jkt", "b", TestClock.START.plusSeconds(30));
    cache.remember("jkt", "c", TestClock.START.plusSeconds(30));

    cache.remember("jkt", "d", TestClock.START.plus(WINDOW));

    assertThat(cache.size()).isEqualTo(3);
    assertRefused(() -> cache.remember("jkt", "b", TestClock.START.plus(WINDOW)), "used before");
  }

  @Test
  void remember_keysDoNotCollideAcrossTheSeparator() {
    cache.remember("abc", "d.e", TestClock.START);
    cache.remember("abc.d", "e", TestClock.START);
    assertThat(cache.size()).isEqualTo(2);
  }
}
