package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void safe_escapesTerminalControlsAndBidiOverrides() {
    assertThat(Text.safe("ok\u001b[2Jx\u202eevil\u2066\r\n")).isEqualTo("ok\\u001B[2Jx\\u202Eevil\\u2066\\u000D\\u000A");
  }

  @Test
  void safeLines_keepsLineFeedsOnly() {
    assertThat(Text.safeLines("a\nb\u0007")).isEqualTo("a\nb\\u0007");
  }

  @Test
  void wrap_breaksAtSpacesWithinWidth_andKeepsLineBreaks() {
    assertThat(Text.wrap("one two three four\nfive", 9)).containsExactly("one two", "three", "four", "five");
  }

  @Test
  void wrap_cutsAWordLongerThanTheWidth() {
    assertThat(Text.wrap("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
  }

  @Test
  void value_absentOrNull_isADash() {
    var node = JsonNodeFactory.instance.objectNode().putNull("x");
    assertThat(Text.field(node, "x")).isEqualTo("-");
    assertThat(Text.field(node, "missing")).isEqualTo("-");
  }

  @Test
  void table_alignsColumnsByTheWidestCell() {
    var out = new StringWriter();
    new Table("A", "B").row("long-cell", "x").row("s", "y").print(new PrintWriter(out), "  ");

    assertThat(out.toString().lines()).containsExactly("  A          B", "  long-cell  x", "  s          y");
  }
}
