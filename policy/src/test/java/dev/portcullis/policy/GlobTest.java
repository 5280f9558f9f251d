package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void matches_literal_onlyItself() {
    assertThat(Glob.of("fs.read").matches("fs.read")).isTrue();
    assertThat(Glob.of("fs.read").matches("fs.readx")).isFalse();
    assertThat(Glob.of("fs.read").isLiteral()).isTrue();
  }

  @Test
  void matches_star_spansDotsAndEmptyRuns() {
    assertThat(Glob.of("*").matches("")).isTrue();
    assertThat(Glob.of("memory.*").matches("memory.store.put")).isTrue();
    assertThat(Glob.of("memory.*").matches("memory.")).isTrue();
    assertThat(Glob.of("memory.*").matches("memoryx.put")).isFalse();
    assertThat(Glob.of("*.delete").matches("fs.delete")).isTrue();
    assertThat(Glob.of("*.delete").matches("fs.deleted")).isFalse();
    assertThat(Glob.of("a*b*c").matches("abc")).isTrue();
    assertThat(Glob.of("a*b*c").matches("axxbyyc")).isTrue();
    assertThat(Glob.of("a*b*c").matches("acb")).isFalse();
    assertThat(Glob.of("ab*ba").matches("aba")).isFalse();
  }
}
