package dev.portcullis.connect.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
  private static final String ALPHABET = "./\\%?#&=+;:@ ~{}[]aZ09\u00e9\u4e2d\n\t\u0000";

  @Test
  void anyValueStaysInsideItsOneSegmentUnderTheBaseUrl() {
    var template = PathTemplate.parse("/files/{name}/meta");
    var calls = new CallBuilder(URI.create("https://api.example/v1"), Duration.ofSeconds(1));
    var random = new Random(20260101L);
    for (int i = 0; i < 5_000; i++) {
      var value = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int j = 0; j < length; j++) value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      String v = value.toString();
      if (v.equals(".") || v.equals("..")) continue;

      URI uri = calls.under(template.expand(Map.of("name", v)), "");

      assertThat(uri.getHost()).isEqualTo("api.example");
      String[] segments = uri.getRawPath().split("/", -1);
      assertThat(segments).as("segments of %s", uri).hasSize(5);
      assertThat(URLDecoder.decode(segments[3].replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(v);
    }
  }

  @Test
  void refusesTemplatesThatCouldEscapeOrAreMalformed() {
    assertThatThrownBy(() -> PathTemplate.parse("invoices")).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> PathTemplate.parse("/a/../b")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> PathTemplate.parse("/a?x=1")).hasMessageContaining("query");
    assertThatThrownBy(() -> PathTemplate.parse("/a/{id")).hasMessageContaining("malformed");
    assertThatThrownBy(() -> PathTemplate.parse("/a/{id}/{id}")).hasMessageContaining("twice");
    assertThatThrownBy(() -> PathTemplate.parse("/a b")).hasMessageContaining("must be encoded");
  }
}
