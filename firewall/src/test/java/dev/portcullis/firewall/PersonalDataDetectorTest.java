package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataDetectorTest {
  private final PersonalDataDetector detector = new PersonalDataDetector(List.of("US", "DE"), HealthIdentifier.BUILTIN);

  private List<Finding> scan(String text) { return detector.scan(Normalizer.normalize(text)); }

  private List<String> rules(String text) { return scan(text).stream().map(Finding::ruleId).toList(); }

  @Test
  void findsPaymentCardsThatPassLuhnAndIssuerChecks() {
    assertThat(rules("card: 4111 1111 1111 1111, exp 12/29")).containsExactly("personal.payment-card");
    assertThat(rules("amex 3782-822463-10005")).containsExactly("personal.payment-card");
    assertThat(scan("Visa 4111111111111111").getFirst().score()).isGreaterThan(scan("ref 4111111111111111").getFirst().score());
  }

  @Test
  void aSixteenDigitOrderNumberFailingLuhnIsNotACard() {
    assertThat(rules("order number 4111111111111112 shipped")).isEmpty();
  }

  @Test
  void aLuhnValidNumberOutsideEveryIssuerRangeIsNotACard() {
    assertThat(rules("tracking 1234567812345670")).isEmpty();
  }

  @Test
  void findsIbansWithAValidChecksumOnly() {
    assertThat(rules("pay to DE89370400440532013000 today")).containsExactly("personal.iban");
    assertThat(rules("pay to GB82 WEST 1234 5698 7654 32 today")).containsExactly("personal.iban");
    assertThat(rules("pay to DE89370400440532013001 today")).isEmpty();
    assertThat(rules("account US133000000121212121212")).doesNotContain("personal.iban");
  }

  @Test
  void findsEmailAddresses() {
    String text = "write to alice.smith+news@mail.example.org, thanks";
    assertThat(scan(text)).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("personal.email");
      assertThat(text.substring(f.start(), f.end())).isEqualTo("alice.smith+news@mail.example.org");
    });
    assertThat(rules("the @ sign and user@localhost are not addresses")).isEmpty();
  }

  @Test
  void findsPhoneNumbersInTheConfiguredRegions() {
    assertThat(rules("call +1 650-253-0000 now")).containsExactly("personal.phone");
    assertThat(rules("Büro: 030 2266 5000")).containsExactly("personal.phone");
  }

  @Test
  void datesAndTimesAreNotPhoneNumbers() {
    assertThat(rules("meeting on 2024-05-30 10:20 in room 4")).isEmpty();
  }

  @Test
  void findsSocialSecurityNumbersOutsideTheNeverIssuedRanges() {
    assertThat(rules("SSN 536-22-1234")).containsExactly("personal.us-ssn");
    assertThat(rules("SSN 666-22-1234")).isEmpty();
    assertThat(rules("SSN 900-22-1234")).isEmpty();
    assertThat(rules("SSN 536-00-1234")).isEmpty();
  }

  @Test
  void findsUkNationalInsuranceNumbersWithAllocatedPrefixes() {
    assertThat(rules("NI number: AB 12 34 56 C")).containsExactly("personal.uk-nino");
    assertThat(rules("code QQ123456C")).isEmpty();
    assertThat(rules("code GB123456A")).isEmpty();
  }

  @Test
  void findsGermanTaxIdsWithAValidCheckDigitNearAKeyword() {
    assertThat(rules("Steuer-ID 86095742719")).containsExactly("personal.de-tax-id");
    assertThat(rules("Steuer-ID 86095742718")).isEmpty();
    assertThat(rules("invoice 86095742719")).doesNotContain("personal.de-tax-id");
  }

  @Test
  void findsHealthIdentifiersOnlyNearTheirKeywordsAndWithValidCheckDigits() {
    assertThat(scan("Provider NPI: 1234567893")).extracting(Finding::ruleId, Finding::category)
        .contains(org.assertj.core.groups.Tuple.tuple("health.us-npi", Category.HEALTH));
    assertThat(rules("Provider NPI: 1234567894")).doesNotContain("health.us-npi");
    assertThat(rules("serial 1234567893")).doesNotContain("health.us-npi");
    assertThat(rules("NHS number 943 476 5919")).contains("health.uk-nhs");
    assertThat(rules("NHS number 943 476 5918")).doesNotContain("health.uk-nhs");
    assertThat(rules("Diagnosis: E11.9 (type 2 diabetes)")).contains("health.icd10");
    assertThat(rules("Seat E11 on the train")).doesNotContain("health.icd10");
  }

  @Test
  void customHealthIdentifiersWork() {
    var mrn = new HealthIdentifier("health.mrn", "\\bMRN-(\\d{8})\\b", HealthIdentifier.Checksum.NONE, List.of("mrn"), 40);
    var custom = new PersonalDataDetector(List.of(), List.of(mrn));
    assertThat(custom.scan(Normalizer.normalize("patient MRN-12345678 admitted"))).extracting(Finding::ruleId)
        .containsExactly("health.mrn");
  }
}
