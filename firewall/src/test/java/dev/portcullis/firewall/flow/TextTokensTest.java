package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTokensTest {

  private static List<String> scan(String text) {
    var out = new ArrayList<String>();
    assertThat(TextTokens.scan(Normalisation.normalise(text), v -> out.add(v))).isTrue();
    return out;
  }

  @Test
  void scan_ibanWithBankCodeBlocksFollowedByAWord_yieldsTheIbanAlone() {
    assertThat(scan("Send it to GB33 BUKB 2020 1555 5555 55 with reference 7781.")).contains("gb33bukb20201555555555");
    assertThat(scan("IBAN: NL91 ABNA 0417 1643 00 from now on")).contains("nl91abna0417164300");
  }

  @Test
  void scan_ibanFollowedByAFourLetterWord_stillYieldsTheIban() {
    assertThat(scan("account DE89 3704 0044 0532 0130 00 from today")).contains("de89370400440532013000");
  }

  @Test
  void scan_phoneNumberInGroups_yieldsItsDigits() {
    assertThat(scan("Call (030) 1234-5678 or +49 30 1234 5678.")).contains("03012345678", "493012345678");
  }

  @Test
  void scan_urlInParentheses_yieldsUrlHostAndItsParts() {
    assertThat(scan("(see https://drop.evil.example:8443/upload/ACCT-99812?to=ops@evil.example).")).contains(
        "https://drop.evil.example:8443/upload/acct-99812?to=ops@evil.example", "drop.evil.example", "acct-99812",
        "acct99812", "ops@evil.example");
  }

  @Test
  void scan_doubleTypographicAndPythonQuotes_yieldTheQuotedText() {
    assertThat(scan("{'payee': 'Mallory Jones', \"memo\": \"for services rendered\"} „Erika Mustermann“ «Jean Dupont»"))
        .contains("mallory jones", "for services rendered", "erika mustermann", "jean dupont");
  }

  @Test
  void scan_apostrophes_areNotQuotes() {
    assertThat(scan("Don't pay, it's Bob's account, isn't it?")).noneMatch(v -> v.contains("t pay"));
  }

  @Test
  void scan_numbersWithSeparators_yieldEachReading() {
    assertThat(scan("Total: 12.345,67 EUR, or USD 13,579.11")).contains("12345.67", "13579.11");
  }

  @Test
  void readings_ambiguousSeparators_yieldEveryWellFormedReading() {
    assertThat(TextTokens.readings("1,250.00")).containsExactlyInAnyOrder("1250", "1.25");
    assertThat(TextTokens.readings("1.250,00")).containsExactlyInAnyOrder("1.25", "1250");
    assertThat(TextTokens.readings("1.234.567")).containsExactly("1234567");
    assertThat(TextTokens.readings("4711")).containsExactly("4711");
  }
}
