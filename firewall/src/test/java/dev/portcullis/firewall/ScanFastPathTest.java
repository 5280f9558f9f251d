package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts that keep a large result cheap must never skip content a detector has to see:
 * candidates found from digit runs, rules that search only from where a match can start, texts the
 * normaliser leaves unchanged, and per-thread scan state reused between texts.
 */
class ScanFastPathTest {
  private static final String PROSE = "the team shipped two releases and the backlog holds forty small items. ";
  private static final String LONG = PROSE.repeat(100 * 1024 / PROSE.length());
  /* Test credentials are assembled at run time so that no scanner mistakes this file for a leak. */
  private static final String VALUE = String.join("", "Zt7#", "qLw2!", "x9Rv");
  private static final String TOKEN = String.join("", "ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5");

  private static Firewall firewall() throws FirewallConfigException { return Firewall.create(FirewallSettings.defaults()); }

  private static List<String> rules(Inspection inspection) {
    return inspection.hits().stream().map(h -> h.finding().ruleId()).toList();
  }

  @Test
  void findsASecretAssignedAtTheVeryEndOfA100KbText() throws Exception {
    String text = LONG + "password = \"" + VALUE + "\"";
    Inspection inspection = firewall().scanText(text, Direction.TOOL_RESULT);
    assertThat(rules(inspection)).containsExactly("secret.generic-assignment");
    assertThat((String) inspection.content()).endsWith("password = \"[redacted:secret]\"").startsWith(LONG);
  }

  @Test
  void findsATokenAndUrlCredentialsAtTheEndOfA100KbText() throws Exception {
    assertThat(rules(firewall().scanText(LONG + "deploy " + TOKEN, Direction.TOOL_RESULT))).containsExactly("secret.github-token");
    String url = "postgres://admin:" + VALUE.replace("#", "") + "@db.example/app";
    assertThat(rules(firewall().scanText(LONG + url, Direction.TOOL_RESULT))).contains("secret.url-credentials");
  }

  @Test
  void findsEveryAssignmentOperatorWithUpToFiveSpacesAndAQuote() throws Exception {
    var fw = firewall();
    for (String op : List.of("=", ":", ":=", "=>")) {
      for (String gap : List.of("", " ", "     ")) {
        for (String quote : List.of("", "'", "\"", "`")) {
          String text = "api_token" + op + gap + quote + VALUE + quote;
          assertThat(rules(fw.scanText(text, Direction.TOOL_RESULT))).as(text).containsExactly("secret.generic-assignment");
        }
      }
    }
  }

  @Test
  void findsASecondAssignmentInTheSameWindowAfterAFirst() throws Exception {
    String text = "db_password=" + VALUE + "; note: none; api_token: " + VALUE.replace("Zt7", "Qr5");
    Inspection inspection = firewall().scanText(text, Direction.TOOL_RESULT);
    assertThat(inspection.hits()).hasSize(2);
    assertThat((String) inspection.content()).isEqualTo("db_password=[redacted:secret]; note: none; api_token: [redacted:secret]");
  }

  @Test
  void whereAMatchCanStartIsNeverAfterTheMatch() {
    String[] parts = {"password", "token", "api-key", "client_secret", "=", ":", ":=", "=>", " ", "      ", "\t", "\"", "'", "`", VALUE,
        "ab", "_x", ".", "-", ",", "(", "https://", "://", "user", "@", "host.example", "/", "a".repeat(70), "é"};
    var generic = SecretRules.builtin().stream().filter(r -> r.id().equals("secret.generic-assignment")).findFirst().orElseThrow();
    var url = SecretRules.builtin().stream().filter(r -> r.id().equals("secret.url-credentials")).findFirst().orElseThrow();
    var random = new Random(11);
    int matched = 0;
    for (int i = 0; i < 20_000; i++) {
      var sb = new StringBuilder();
      for (int k = 2 + random.nextInt(20); k > 0; k--) sb.append(parts[random.nextInt(parts.length)]);
      String text = sb.toString();
      for (SecretRule rule : List.of(generic, url)) {
        Matcher m = rule.keywordRule().pattern().matcher(text);
        int from = random.nextInt(3);
        if (!m.find(from)) continue;
        matched++;
        int earliest = rule.keywordRule().starts().earliest(text, from, text.length());
        assertThat(earliest).as(text).isBetween(from, m.start());
      }
    }
    assertThat(matched).isGreaterThan(1_000);
  }

  @Test
  void findsPersonalDataAtTheEndOfA100KbTextAmongShortNumbers() {
    var detector = new PersonalDataDetector(List.of("US"), HealthIdentifier.BUILTIN);
    String numbers = "order 12, 2024-05-30, 3 items at 4.50 each. ".repeat(2_000);
    String text = numbers + "card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, NI AB 12 34 56 C, call + (650) 253-0000";
    List<String> found = detector.scan(Normalizer.normalize(text)).stream().map(Finding::ruleId).toList();
    assertThat(found).containsExactly("personal.payment-card", "personal.iban", "personal.uk-nino", "personal.phone");
  }

  @Test
  void aPhoneNumberCanStartWithAPlusOrParenthesisApartFromItsDigits() {
    var detector = new PersonalDataDetector(List.of("US"), List.of());
    Finding phone = detector.scan(Normalizer.normalize("call + (650) 253-0000 now")).getFirst();
    assertThat(phone.ruleId()).isEqualTo("personal.phone");
    assertThat(phone.start()).isEqualTo(7);
  }

  @Test
  void aShortStringWithATagCharacterIsStillInspected() throws Exception {
    String tagged = "ok" + new String(Character.toChars(0xE0069));
    Inspection inspection = firewall().scanJson(Map.of("k", tagged), Direction.TOOL_RESULT);
    assertThat(rules(inspection)).containsExactly("hidden.tag-characters");
  }

  @Test
  void redactionInAnUnchangedTextLandsOnTheSecretItself() throws Exception {
    String text = "deploy with " + TOKEN + " today";
    NormalizedText normalized = Normalizer.normalize(text);
    assertThat(normalized.text()).isSameAs(text);
    assertThat(normalized.originalStart(12)).isEqualTo(12);
    assertThat(normalized.originalEnd(12 + TOKEN.length())).isEqualTo(12 + TOKEN.length());
    assertThat((String) firewall().scanText(text, Direction.TOOL_RESULT).content()).isEqualTo("deploy with [redacted:github-token] today");
  }

  @Test
  void findsASecretInTheFourHundredthOfManyRecords() throws Exception {
    var records = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 500; i++) {
      var r = new LinkedHashMap<String, Object>();
      r.put("id", "T-" + (100_000 + i));
      r.put("title", i == 400 ? "rotate " + TOKEN : "fix the login page " + i);
      r.put("status", "open");
      records.add(r);
    }
    Inspection inspection = firewall().scanJson(Map.of("tickets", records), Direction.TOOL_RESULT);
    assertThat(inspection.hits()).singleElement().satisfies(h -> assertThat(h.path()).isEqualTo("$.tickets[400].title"));
  }

  @Test
  void aScanCarriesNoStateIntoTheNext() {
    var rule = KeywordRule.anchored("r", com.google.re2j.Pattern.compile("ab+"), List.of("ab"), 50);
    var scanner = new RuleScanner(List.of(rule));
    var found = new ArrayList<Integer>();
    // The first text's match ends at 12; a keyword at 2 of the next text is still tried.
    scanner.scan("abbbbbbbbbbb", "abbbbbbbbbbb", (r, m, offset) -> found.add(offset + m.start()));
    scanner.scan("x ab", "x ab", (r, m, offset) -> found.add(offset + m.start()));
    assertThat(found).containsExactly(0, 2);
  }

  @Test
  void keywordsAreFoundAmongCharactersNoKeywordUses() {
    var index = new KeywordIndex(List.of("ab", "zé", "b#"));
    var hits = new ArrayList<String>();
    index.scan("QQ ab! zx zé zü b# ~~ab".toCharArray(), (k, start, end) -> hits.add(k + "@" + start));
    // A non-ASCII keyword character matches any non-ASCII character: the index is a prefilter.
    assertThat(hits).containsExactly("0@3", "1@10", "1@13", "2@16", "0@21");
  }

  @Test
  void keywordsAreFoundInATextAsInItsFoldedCopy() {
    // The last keyword holds a Cyrillic look-alike: it is found where its Latin form is.
    var words = List.of("password", "ignore", "it's", "sk-", "zé", "p\u0430y");
    var index = new KeywordIndex(words);
    char[] alphabet = "passwordyIGNOREit's-k PASYz\u00e9\u00c9\u0430\u0440\u0410\u2019\u2014\u00fc".toCharArray();
    var random = new Random(23);
    int found = 0;
    for (int round = 0; round < 400; round++) {
      char[] text = new char[random.nextInt(6000)];
      for (int i = 0; i < text.length; i++) text[i] = alphabet[random.nextInt(alphabet.length)];
      for (int i = 0; i + 8 < text.length; i += 50 + random.nextInt(200)) "PA\u0405\u0405WORD".getChars(0, 8, text, i);
      var asIs = new ArrayList<String>();
      index.scan(text, (k, start, end) -> asIs.add(k + "@" + start));
      var folded = new ArrayList<String>();
      index.scan(Folding.foldToArray(new String(text)), (k, start, end) -> folded.add(k + "@" + start));
      assertThat(asIs).containsExactlyElementsOf(folded);
      found += asIs.size();
    }
    assertThat(found).isGreaterThan(1_000);
  }

  @Test
  void reportsEveryOccurrenceInALongTextDenseWithKeywords() {
    var words = List.of("password", "pass", "wordy", "d", "sword");
    var index = new KeywordIndex(words);
    var random = new java.util.Random(5);
    char[] alphabet = "passwordyx ".toCharArray();
    char[] text = new char[40_000];
    for (int i = 0; i < text.length; i++) text[i] = alphabet[random.nextInt(alphabet.length)];
    // Whole keywords too, so that long ones occur often enough to cross the chunks and quarters of the pass.
    for (int i = 0; i + 9 < text.length; i += 97) "passwordy".getChars(0, 9, text, i + random.nextInt(40));
    var found = new ArrayList<String>();
    index.scan(text, (k, start, end) -> found.add(words.get(k) + "@" + start));
    var expected = new ArrayList<String>();
    String s = new String(text);
    for (int end = 1; end <= s.length(); end++) {
      for (String w : List.of("password", "wordy", "sword", "pass", "d")) {
        if (end >= w.length() && s.startsWith(w, end - w.length())) expected.add(w + "@" + (end - w.length()));
      }
    }
    assertThat(expected).hasSizeGreaterThan(4_000);
    assertThat(found).containsExactlyElementsOf(expected);
  }

  @Test
  void findsKeywordsThatStraddleTheQuartersOfALongText() {
    var words = List.of("password", "pass", "wordy", "d");
    var index = new KeywordIndex(words);
    for (int shift = -9; shift <= 1; shift++) {
      char[] text = "x".repeat(10_001).toCharArray();
      for (int quarter : new int[] {10_001 / 4, 10_001 / 2, 10_001 - 10_001 / 4}) {
        "passwordy".getChars(0, 9, text, quarter + shift);
      }
      var found = new ArrayList<String>();
      index.scan(text, (k, start, end) -> found.add(words.get(k) + "@" + start));
      var expected = new ArrayList<String>();
      String s = new String(text);
      for (int end = 1; end <= s.length(); end++) {
        // By end offset, longer keywords first at the same end, as the automaton reports them.
        for (String w : List.of("password", "wordy", "pass", "d")) {
          if (end >= w.length() && s.startsWith(w, end - w.length())) expected.add(w + "@" + (end - w.length()));
        }
      }
      assertThat(found).as("shift " + shift).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aShortStringRepeatedInEveryRecordIsReportedWhereverItOccurs() throws Exception {
    var records = new ArrayList<Object>();
    for (int i = 0; i < 3; i++) {
      var r = new LinkedHashMap<String, Object>();
      r.put("owner", "alice.smith@mail.example.org");
      r.put("status", "closed");
      records.add(r);
    }
    Inspection inspection = firewall().scanJson(Map.of("items", records), Direction.TOOL_RESULT);
    assertThat(inspection.hits()).extracting(Inspection.Hit::path)
        .containsExactly("$.items[0].owner", "$.items[1].owner", "$.items[2].owner");
  }

  @Test
  void recentOutcomesAreKeptOnlyForTheSameText() {
    var recent = new TextInspector.Recent();
    var outcome = new TextInspector.Examined(List.of(), List.of(), "rewritten");
    recent.put("alice.smith@mail.example.org", outcome);
    assertThat(recent.get(new String("alice.smith@mail.example.org".toCharArray()))).isSameAs(outcome);
    assertThat(recent.get("bob.jones@mail.example.org")).isNull();
  }
}
