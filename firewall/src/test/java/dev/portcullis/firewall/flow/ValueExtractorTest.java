package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueExtractorTest {
  private static final String EMAIL_BODY = """
      Hello Alice,

      our bank details changed. Please transfer the outstanding amount of 1,250.00 EUR to
      DE89 3704 0044 0532 0130 00 (account holder "Mallory Jones") by Friday.
      Details: https://pay.evil-invoices.example/i/INV-2024-0042?ref=mail. Questions: billing@evil-invoices.example
      or +49 30 1234 5678.
      """;

  private static Set<String> text(String s) {
    var out = new LinkedHashSet<String>();
    assertThat(ValueExtractor.text(s, v -> out.add(v) || true)).isTrue();
    return out;
  }

  private static Set<String> result(Object r) {
    var out = new LinkedHashSet<String>();
    assertThat(ValueExtractor.result(r, v -> out.add(v) || true)).isTrue();
    return out;
  }

  @Test
  void text_emailBody_yieldsTheValuesAnAgentCouldCopy() {
    Set<String> values = text(EMAIL_BODY);

    assertThat(values).contains(
        "de89370400440532013000",                                    // IBAN, compact
        "1250",                                                       // amount, comma groups thousands
        "mallory jones",                                              // quoted name
        "https://pay.evil-invoices.example/i/inv-2024-0042?ref=mail", // URL without the full stop after it
        "pay.evil-invoices.example",                                  // its host
        "billing@evil-invoices.example",                              // e-mail address
        "493012345678",                                               // phone digits
        "inv-2024-0042", "inv20240042",                               // identifier, and compact
        "please transfer the outstanding");                          // a four-word shingle
  }

  @Test
  void text_neverYieldsTrivialValues() {
    assertThat(text(EMAIL_BODY)).doesNotContain("eur", "hello", "alice", "00", "friday", "of");
  }

  @Test
  void text_shortString_yieldsItselfWholeAndCompact() {
    assertThat(text("DE89 3704 0044 0532 0130 00")).contains("de89 3704 0044 0532 0130 00", "de89370400440532013000");
  }

  @Test
  void text_longString_isNotYieldedWhole() {
    String longText = "word ".repeat(100) + "end";
    assertThat(text(longText)).noneMatch(v -> v.length() > ValueExtractor.MAX_WHOLE);
  }

  @Test
  void number_equalNumbersOfAnyJavaType_yieldOneCanonicalForm() {
    for (Number n : List.<Number>of(1250, 1250L, 1250.0, 1250.00f, new java.math.BigDecimal("1.25E3"))) {
      var out = new ArrayList<String>();
      ValueExtractor.number(n, out::add);
      assertThat(out).as("%s (%s)", n, n.getClass().getSimpleName()).containsExactly("1250");
    }
  }

  @Test
  void number_notANumber_yieldsNothing() {
    var out = new ArrayList<String>();
    assertThat(ValueExtractor.number(Double.NaN, out::add)).isTrue();
    assertThat(out).isEmpty();
  }

  @Test
  void result_walksContentTextAndStructuredContent() {
    Map<String, Object> r = Map.of(
        "content", List.of(Map.of("type", "text", "text", "Transfer to NL91 ABNA 0417 1643 00")),
        "structuredContent", Map.of("payee", Map.of("name", "Mallory Jones", "accounts", List.of("GB29NWBK60161331926819")),
            "amount", 98765));

    assertThat(result(r)).contains("nl91abna0417164300", "mallory jones", "gb29nwbk60161331926819", "98765");
  }

  @Test
  void result_skipsBase64PayloadsAndContentTypes() {
    String base64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk";
    Map<String, Object> r = Map.of("content", List.of(
        Map.of("type", "image", "mimeType", "image/png", "data", base64),
        Map.of("type", "resource", "resource", Map.of("uri", "file:///reports/q3-2026.pdf", "mimeType", "application/pdf",
            "blob", base64))));

    Set<String> values = result(r);
    assertThat(values).noneMatch(v -> v.contains("ivborw0kggo"));
    assertThat(values).doesNotContain("image/png", "application/pdf");
    assertThat(values).contains("file:///reports/q3-2026.pdf");
  }

  @Test
  void result_jsonInsideTextItem_yieldsItsStringsAndNumbers() {
    Map<String, Object> r = Map.of("content", List.of(Map.of("type", "text",
        "text", "{\"recipient\": \"Mallory Jones\", \"iban\": \"DE89370400440532013000\", \"amount\": 4711.5}")));

    assertThat(result(r)).contains("mallory jones", "de89370400440532013000", "4711.5");
  }

  @Test
  void result_sinkRefuses_stopsAndSaysSo() {
    var seen = new ArrayList<String>();
    boolean complete = ValueExtractor.result(Map.of("content", List.of(Map.of("type", "text", "text", EMAIL_BODY))),
        v -> seen.add(v) && seen.size() < 3);

    assertThat(complete).isFalse();
    assertThat(seen).hasSize(3);
  }

  @Test
  void result_nestedBeyondTheDepthLimit_isReportedIncomplete() {
    Object deep = "Mallory Jones";
    for (int i = 0; i < ValueExtractor.MAX_DEPTH + 5; i++) deep = List.of(deep);

    assertThat(ValueExtractor.result(Map.of("structuredContent", deep), v -> true)).isFalse();
  }
}
