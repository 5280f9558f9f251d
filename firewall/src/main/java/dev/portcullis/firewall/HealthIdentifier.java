package dev.portcullis.firewall;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A configurable health identifier: a pattern, an optional check digit, and the keywords that must
 * occur nearby. Health identifiers are mostly plain numbers (a ten-digit NHS number looks like a
 * phone number), so they only count near words that say what they are.
 *
 * @param id       the rule id findings carry ({@code health.us-npi})
 * @param regex    the pattern (RE2); its first group, if any, is the identifier
 * @param checksum the check-digit algorithm the identifier must pass
 * @param keywords lower-case words of which one must occur within {@code window} characters
 * @param window   how far from the identifier a keyword may be
 */
public record HealthIdentifier(String id, String regex, Checksum checksum, List<String> keywords, int window) {
  /** Check-digit algorithms for health identifiers. */
  public enum Checksum {
    /** No check digit. */
    NONE,
    /** Luhn (mod 10) over the digits. */
    LUHN,
    /** Luhn over the digits prefixed with 80840 (US NPI). */
    NPI,
    /** Mod 11 with weights 10..2 (UK NHS number). */
    NHS_MOD11
  }

  /** Health keywords that make a nearby code likely to be about a person's health. */
  public static final List<String> CLINICAL_KEYWORDS = List.of("diagnos", "icd", "patient", "condition", "disorder", "disease",
      "dx", "clinical", "medical", "treatment", "symptom", "prescri", "admission", "discharge", "comorbid");

  /** US National Provider Identifier (ten digits, Luhn with the 80840 prefix), near "NPI" or "provider". */
  public static final HealthIdentifier US_NPI = new HealthIdentifier("health.us-npi", "\\b([12]\\d{9})\\b", Checksum.NPI,
      List.of("npi", "provider", "prescriber", "physician", "practitioner"), 64);
  /** UK NHS number (ten digits, often 3-3-4, mod 11), near "NHS". */
  public static final HealthIdentifier UK_NHS = new HealthIdentifier("health.uk-nhs", "\\b(\\d{3}[ -]?\\d{3}[ -]?\\d{4})\\b",
      Checksum.NHS_MOD11, List.of("nhs", "patient", "health service"), 64);
  /** ICD-10 diagnosis codes, only near clinical words. */
  public static final HealthIdentifier ICD10 = new HealthIdentifier("health.icd10",
      "\\b([A-TV-Z][0-9][0-9AB](?:\\.[0-9A-KXZ]{1,4})?)\\b", Checksum.NONE, CLINICAL_KEYWORDS, 80);
  /** US Medicare Beneficiary Identifier (11 characters in a fixed letter/digit layout), near "medicare" or "MBI". */
  public static final HealthIdentifier US_MBI = new HealthIdentifier("health.us-mbi",
      "\\b([1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]{2}[0-9]{2})\\b",
      Checksum.NONE, List.of("medicare", "mbi", "beneficiary"), 64);
  /** The built-in health identifiers. */
  public static final List<HealthIdentifier> BUILTIN = List.of(US_NPI, UK_NHS, ICD10, US_MBI);

  public HealthIdentifier {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(checksum, "checksum");
    keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    if (keywords.isEmpty()) throw new IllegalArgumentException("health identifier '" + id + "' needs at least one keyword");
    if (window <= 0) throw new IllegalArgumentException("health identifier '" + id + "' needs a positive window, was " + window);
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("health identifier '" + id + "': regex does not compile as RE2: " + e.getDescription(), e);
    }
  }

  /** Whether a matched identifier passes the check digit. */
  boolean passes(String value) {
    String digits = value.replaceAll("[^0-9]", "");
    return switch (checksum) {
      case NONE -> true;
      case LUHN -> Checksums.luhn(digits);
      case NPI -> Checksums.npi(digits);
      case NHS_MOD11 -> Checksums.nhs(digits);
    };
  }

  KeywordRule rule() {
    return new KeywordRule(id, Pattern.compile(regex), keywords, window, window);
  }
}
