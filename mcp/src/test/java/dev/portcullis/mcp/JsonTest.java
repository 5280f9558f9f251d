package dev.portcullis.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parse_duplicateKeys_isRefused() {
    assertThatThrownBy(() -> Json.parse("{\"name\":\"a\",\"name\":\"b\"}")).isInstanceOf(IOException.class);
  }

  @Test
  void parse_deepNesting_isRefused() {
    assertThatThrownBy(() -> Json.parse("[".repeat(1000) + "]".repeat(1000))).isInstanceOf(IOException.class);
  }

  @Test
  void parseObject_array_isRefused() {
    assertThatThrownBy(() -> Json.parseObject("[1]".getBytes())).isInstanceOf(IOException.class);
  }

  @Test
  void roundTrip_keepsValues() throws IOException {
    assertThat(Json.parse(Json.text(Map.of("a", 1, "b", "x")))).isEqualTo(Map.of("a", 1, "b", "x"));
  }
}
