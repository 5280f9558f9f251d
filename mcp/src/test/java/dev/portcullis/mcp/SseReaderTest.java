package dev.portcullis.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  static SseReader reader(String text, int max) {
    return new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }

  @Test
  void nextData_eventsSeparatedByBlankLines_areReadOneByOne() throws IOException {
    var r = reader("event: message\ndata: {\"a\":1}\n\n: comment\nid: 7\ndata: {\"b\":2}\n\n", 1024);
    assertThat(r.nextData()).isEqualTo("{\"a\":1}");
    assertThat(r.nextData()).isEqualTo("{\"b\":2}");
    assertThat(r.nextData()).isNull();
  }

  @Test
  void nextData_multipleDataLinesAndCrLf_areJoinedWithNewline() throws IOException {
    var r = reader("data: one\r\ndata:two\r\n\r\n", 1024);
    assertThat(r.nextData()).isEqualTo("one\ntwo");
  }

  @Test
  void nextData_lastEventWithoutBlankLine_isStillDelivered() throws IOException {
    assertThat(reader("data: tail", 1024).nextData()).isEqualTo("tail");
  }

  @Test
  void nextData_eventOverLimit_isRefused() {
    assertThatThrownBy(() -> reader("data: " + "x".repeat(100) + "\n\n", 50).nextData()).isInstanceOf(IOException.class)
        .hasMessageContaining("50");
  }
}
