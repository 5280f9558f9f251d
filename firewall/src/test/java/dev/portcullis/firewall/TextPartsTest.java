package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextPartsTest {
  /* "ab\ncde\nf": parts [0,2), [3,6), [7,8). */
  private static final TextParts PARTS = new TextParts(new int[] {0, 3, 7}, new int[] {2, 6, 8}, 3);

  @Test
  void findsThePartAnOffsetLiesInOrFollows() {
    assertThat(PARTS.before(0)).isZero();
    assertThat(PARTS.before(2)).isZero();
    assertThat(PARTS.before(3)).isEqualTo(1);
    assertThat(PARTS.before(6)).isEqualTo(1);
    assertThat(PARTS.before(8)).isEqualTo(2);
  }

  @Test
  void stepsForwardThroughEndsAndSearchesWhenAnOffsetGoesBack() {
    assertThat(PARTS.endingAtOrAfter(1, 0)).isZero();
    assertThat(PARTS.endingAtOrAfter(3, 0)).isEqualTo(1);
    assertThat(PARTS.endingAtOrAfter(8, 1)).isEqualTo(2);
    assertThat(PARTS.endingAtOrAfter(9, 2)).isEqualTo(3);
    // An offset before the one the hint came from is still placed right.
    assertThat(PARTS.endingAtOrAfter(2, 3)).isZero();
    assertThat(PARTS.endingAtOrAfter(5, 2)).isEqualTo(1);
  }

  @Test
  void refusesPartsThatTouchOrComeOutOfOrder() {
    assertThatThrownBy(() -> new TextParts(new int[] {0, 2}, new int[] {2, 4}, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TextParts(new int[] {3, 0}, new int[] {4, 1}, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
