package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimised extraction against the straightforward one it replaced ({@link ReferenceValueExtractor}
 * and the classes it uses): the same values in the same order, hence the same fingerprints, and the same
 * cut when a budget stops it. Order matters because the per-call budget keeps a prefix.
 */
class ExtractionDifferentialTest {
  private static final String[] WORDS = {"the", "invoice", "Payment", "ACCOUNT", "holder", "straße", "STRASSE", "Ärger",
      "élève", "naïve", "İstanbul", "ıi", "ǅemal", "ﬁnance", "ＦＵＬＬ", "ｗｉｄｔｈ", "µ-meter", "½", "x²", "ª", "¨",
      "ÿes", "ΣΟΦΙΑ", "σοφίας", "café", "cafe\u0301", "a\u0308b", "東京", "مرحبا", "שלום", "😀", "👍🏽", "𝐀𝐁𝐂", "٣٤٥٦",
      "aaa", "1111", "a", "I", "n/a", "e.g.", "example.com", "localhost:8080", "pay", "to", "de89", "3704", "0044", "0532",
      "0130", "00", "nl91", "abna", "0417", "1643", "00", "+49", "30", "1234", "5678", "(0)", "inv-2024-0042",
      "2024-05-17T10:30:00Z", "12:30", "inv/2024/7", "1,250.00", "1.250,00", "9.5", "-42", "+7", "1.2.3", "0.0.0.0"};
  private static final String[] GLUE = {" ", " ", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u200b",
      "\u200c", "\u200d", "\ufeff", "\u00ad", "\u200f", "\u202e", "\u2066", "\u0085", "\u0000", "\u001f", ", ", ". ",
      "; ", ": ", "! ", "? ", " - ", " — ", "/", "-", "_", "'", " '", "' ", "\"", " \"", "“", "”", "„", "«", "»", "‘",
      "’", "(", ")", "[", "]", "{", "}", "<", ">", "@", "://", "=", "&", "#", "%", "+", "\ud800", "\udc00", "\u0301"};
  private static final String[] TEMPLATES = {"https://pay.evil-invoices.example/i/INV-2024-0042?ref=mail&id=%d.",
      "billing%d@evil-invoices.example", "Mallory.Jones+%d@mail.example.org", "DE89 3704 0044 0532 0130 %02d",
      "NL91 ABNA 0417 1643 %02d", "+49 30 1234 %04d", "%d", "%d,%03d.50", "%d.%03d,50", "2024-%02d-17", "(%d) 555-0100",
      "\"Mallory %d Jones\"", "“quoted %d value”", "„Zitat %d“", "«cité %d»", "'single %d quote'", "it's %d o'clock",
      "www.host%d.example.net/path/to?q=1", "ftp://[2001:db8::%d]:21/file", "http://user:pw@host%d.example:8443/a;b#frag",
      "T-%06d", "user%d", "ＤＥ%d ３７０４"};

  @Test
  void normalise_fuzzedText_equalsTheReference() {
    var random = new Random(1);
    for (int n = 0; n < 5000; n++) {
      String s = fuzz(random);
      assertThat(Normalisation.normalise(s)).as("%s", escape(s)).isEqualTo(ReferenceNormalisation.normalise(s));
    }
  }

  @Test
  void normalise_everyLatin1Character_equalsTheReference() {
    for (char c = 0; c < 0x100; c++) {
      for (String s : new String[] {String.valueOf(c), "A" + c + "b", " " + c + c + " z" + c, c + "SS" + c}) {
        assertThat(Normalisation.normalise(s)).as("%s", escape(s)).isEqualTo(ReferenceNormalisation.normalise(s));
      }
    }
  }

  @Test
  void compactAndTrivial_fuzzedValues_equalTheReference() {
    var random = new Random(5);
    for (int n = 0; n < 5000; n++) {
      String raw = fuzz(random);
      for (String v : List.of(raw, ReferenceNormalisation.normalise(raw), raw.length() > 6 ? raw.substring(0, 6) : raw)) {
        assertThat(Normalisation.compact(v)).as("%s", escape(v)).isEqualTo(ReferenceNormalisation.compact(v));
        assertThat(Normalisation.trivial(v)).as("%s", escape(v)).isEqualTo(ReferenceNormalisation.trivial(v));
      }
    }
  }

  @Test
  void text_fuzzedStrings_yieldTheReferenceValuesInOrder() {
    var random = new Random(2);
    for (int n = 0; n < 5000; n++) assertSameText(fuzz(random));
  }

  @Test
  void text_seededProse_yieldsTheReferenceValuesInOrder() {
    for (long seed = 0; seed < 20; seed++) assertSameText(prose(new Random(seed), 4000 + (int) seed * 500));
  }

  @Test
  void text_unicodeEdgeCases_yieldTheReferenceValuesInOrder() {
    for (String s : List.of("Straße STRASSE strasse straße", "İstanbul ISTANBUL istanbul ıstanbul", "ＤＥ89 ３７０４ ００４４ 0532 0130 00",
        "cafe\u0301 café CAFÉ", "a\u200bb\u200cc\u200dd\ufeffe\u00adf", "\u202eevil.example\u202c and \u2066rtl\u2069 text",
        "tab\tnew\nline\r\nnbsp\u00a0em\u2003ideo\u3000graphic", "😀😀😀😀 emoji 👍🏽 surrogates 𝐀𝐁𝐂 \ud800 lone \udc00",
        "“Mallory Jones” „Zitat“ «cité» 'quote' ‘single’ it's \"double\"", "ΣΟΦΙΑΣ σοφίας Σ", "ﬁnance ﬂow ½ x² µ ª ¨ ¯",
        "aaa aaa aaa aaa aaaa", "1111 1111 1111 1111", "1 2 3 4 5 6 7 8", "٣٤٥٦ ٣٤٥٦ ٣٤٥٦ ٣٤٥٦", "   ", "",
        "ǅ ǆ ǅemal Ǆ", "ß".repeat(300), "x".repeat(257) + " y",
        "alpha".repeat(30) + ". " + "beta".repeat(30) + ", " + "gamma".repeat(30) + " - " + "delta".repeat(30) + ". epsilon")) {
      assertSameText(s);
    }
  }

  @Test
  void result_structuredRecords_yieldTheReferenceValuesInOrder() {
    var random = new Random(3);
    var records = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 300; i++) {
      var r = new LinkedHashMap<String, Object>();
      r.put("id", "T-" + (100_000 + random.nextInt(900_000)));
      r.put("title", prose(random, 40 + random.nextInt(80)));
      r.put("status", random.nextBoolean() ? "open" : "closed");
      r.put("owner", fuzz(random));
      r.put("estimate", random.nextInt(40));
      r.put("amount", random.nextDouble() * 10_000);
      r.put("updated", "2024-05-" + (10 + random.nextInt(20)) + "T10:" + (10 + random.nextInt(49)) + ":00Z");
      records.add(r);
    }
    Map<String, Object> result = Map.of("content", List.of(Map.of("type", "text", "text", records.size() + " tickets")),
        "structuredContent", Map.of("tickets", records));

    assertSame(result, (v, sink) -> ValueExtractor.result(v, sink), (v, sink) -> ReferenceValueExtractor.result(v, sink));
  }

  @Test
  void text_underABudget_stopsAtTheSameValue() {
    var random = new Random(4);
    String s = prose(random, 20_000);
    var fingerprints = new Fingerprints(11, 12);
    List<String> all = referenceValues(s, (v, sink) -> ReferenceValueExtractor.text((String) v, sink), Integer.MAX_VALUE);
    for (int budget : new int[] {1, 2, 7, 100, all.size() - 1}) {
      var got = new ArrayList<Long>();
      boolean complete = ValueExtractor.text(s, new FingerprintSink(fingerprints, (fp, v) -> got.size() < budget && got.add(fp)));

      assertThat(complete).isFalse();
      assertThat(got).isEqualTo(all.subList(0, budget).stream().map(fingerprints::of).toList());
    }
  }

  private interface Extraction<T> {
    boolean run(Object value, T sink);
  }

  private static void assertSameText(String s) {
    assertSame(s, (v, sink) -> ValueExtractor.text((String) v, sink), (v, sink) -> ReferenceValueExtractor.text((String) v, sink));
  }

  /** Strings and fingerprints from the optimised extraction equal those of the reference, in order. */
  private static void assertSame(Object value, Extraction<ValueExtractor.Sink> optimised,
                                 Extraction<ReferenceValueExtractor.Sink> reference) {
    var expected = new ArrayList<String>();
    assertThat(reference.run(value, expected::add)).isTrue();
    var strings = new ArrayList<String>();
    assertThat(optimised.run(value, strings::add)).isTrue();
    var fingerprints = new Fingerprints(0x1234_5678_9abc_def0L, 0x0fed_cba9_8765_4321L);
    var hashed = new ArrayList<Long>();
    assertThat(optimised.run(value, new FingerprintSink(fingerprints, (fp, v) -> hashed.add(fp)))).isTrue();

    String shown = value instanceof String s ? escape(s) : "records";
    assertThat(strings).as("values of %s", shown).isEqualTo(expected);
    assertThat(hashed).as("fingerprints of %s", shown).isEqualTo(expected.stream().map(fingerprints::of).toList());
  }

  private static List<String> referenceValues(String s, Extraction<ReferenceValueExtractor.Sink> reference, int budget) {
    var out = new ArrayList<String>();
    reference.run(s, v -> out.size() < budget && out.add(v));
    return out;
  }

  /** A string mixing words, numbers, links, quotes, white space and Unicode oddities; some all ASCII or Latin-1. */
  static String fuzz(Random random) {
    var sb = new StringBuilder();
    int parts = 1 + random.nextInt(random.nextInt(10) == 0 ? 120 : 16);
    int mode = random.nextInt(4);
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(6)) {
        case 0, 1 -> sb.append(WORDS[random.nextInt(WORDS.length)]);
        case 2 -> sb.append(String.format(TEMPLATES[random.nextInt(TEMPLATES.length)], random.nextInt(1000), random.nextInt(1000)));
        case 3 -> sb.append(random.nextInt(mode == 0 ? 100 : 10_000_000));
        case 4 -> sb.append((char) (mode == 1 ? random.nextInt(0x100) : mode == 2 ? random.nextInt(0x80) : random.nextInt(0x10000)));
        default -> {}
      }
      sb.append(GLUE[random.nextInt(GLUE.length)]);
    }
    String s = sb.toString();
    if (mode == 1) return latin1(s, random);
    return mode == 2 ? s.chars().map(c -> c < 0x80 ? c : 'a' + random.nextInt(26)).collect(StringBuilder::new,
        StringBuilder::appendCodePoint, StringBuilder::append).toString() : s;
  }

  private static String latin1(String s, Random random) {
    var sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) sb.append(c < 0x100 ? c : (char) random.nextInt(0x100));
    return sb.toString();
  }

  /** Prose like a tool result's: sentences with numbers, dates, links, e-mail addresses and IBANs. */
  static String prose(Random random, int size) {
    var sb = new StringBuilder(size + 100);
    while (sb.length() < size) {
      int words = 6 + random.nextInt(14);
      for (int i = 0; i < words; i++) {
        String w = WORDS[random.nextInt(34)];
        sb.append(i == 0 ? w.toUpperCase() : w).append(' ');
        switch (random.nextInt(30)) {
          case 0 -> sb.append(random.nextInt(100_000)).append(' ');
          case 1 -> sb.append("2024-0").append(1 + random.nextInt(9)).append("-1").append(random.nextInt(10)).append(' ');
          case 2 -> sb.append("https://docs.example.com/guide/page-").append(random.nextInt(100)).append(' ');
          case 3 -> sb.append("contact").append(random.nextInt(50)).append("@mail.example.org ");
          case 4 -> sb.append("DE89 3704 0044 0532 0130 ").append(random.nextInt(90) + 10).append(' ');
          case 5 -> sb.append('"').append(WORDS[random.nextInt(34)]).append(' ').append(WORDS[random.nextInt(34)]).append("\" ");
          default -> {}
        }
      }
      sb.setLength(sb.length() - 1);
      sb.append(random.nextInt(8) == 0 ? ".\n\n" : ". ");
    }
    return sb.toString();
  }

  private static String escape(String s) {
    var sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }
}
