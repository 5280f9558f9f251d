package dev.portcullis.identity.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Copying claim values for policy within bounds. */
class BoundedCopyTest {
  @Test
  void copy_dropsNulls_andIsImmutable() {
    var object = new HashMap<String, Object>();
    object.put("roles", new ArrayList<>(Arrays.asList("reader", null, "writer")));
    object.put("gone", null);

    Object copy = BoundedCopy.of(object);

    assertThat(copy).isEqualTo(Map.of("roles", List.of("reader", "writer")));
    @SuppressWarnings("unchecked") var map = (Map<String, Object>) copy;
    assertThatThrownBy(() -> map.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copy_keepsScalars() {
    assertThat(BoundedCopy.of("alice")).isEqualTo("alice");
    assertThat(BoundedCopy.of(42L)).isEqualTo(42L);
    assertThat(BoundedCopy.of(true)).isEqualTo(true);
  }

  @Test
  void copy_deeperThanTheLimit_isRefused() {
    Object nested = "x";
    for (int i = 0; i < BoundedCopy.MAX_DEPTH; i++) nested = List.of(nested);
    assertThat(BoundedCopy.of(nested)).isNotNull();

    assertThat(BoundedCopy.of(List.of(nested))).isNull();
  }

  @Test
  void copy_withTooManyEntries_isRefused() {
    assertThat(BoundedCopy.of(Collections.nCopies(BoundedCopy.MAX_ENTRIES, "g"))).isNotNull();
    assertThat(BoundedCopy.of(Collections.nCopies(BoundedCopy.MAX_ENTRIES + 1, "g"))).isNull();
  }

  @Test
  void copy_withALongString_isRefused() {
    assertThat(BoundedCopy.of("s".repeat(BoundedCopy.MAX_STRING))).isNotNull();
    assertThat(BoundedCopy.of("s".repeat(BoundedCopy.MAX_STRING + 1))).isNull();
  }

  @Test
  void copy_withTooMuchTextInAll_isRefused() {
    int count = BoundedCopy.MAX_TOTAL_CHARACTERS / BoundedCopy.MAX_STRING + 1;
    assertThat(BoundedCopy.of(Collections.nCopies(count, "s".repeat(BoundedCopy.MAX_STRING)))).isNull();
  }
}
