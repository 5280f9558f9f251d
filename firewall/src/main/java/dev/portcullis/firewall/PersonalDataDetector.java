package dev.portcullis.firewall;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds personal and health data: payment card numbers (Luhn and issuer ranges), IBANs (country length
 * and mod 97), email addresses, phone numbers (libphonenumber, in the configured default regions),
 * national ids (US SSN without the never-issued ranges, UK National Insurance numbers, German tax ids
 * with their check digit, near a keyword) and configured health identifiers near their keywords.
 *
 * <p>Candidates are found by hand-written scanners in one pass each, not by regular expressions over
 * the whole text; validation (check digits, issued ranges) keeps ordinary numbers out.
 */
public final class PersonalDataDetector implements Detector, ScansJoinedText {
  private static final int PHONE_CONTEXT = 8;
  private final List<String> regions;
  private final List<HealthIdentifier> health;
  private final RuleScanner healthScanner;
  private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

  /**
   * A detector.
   *
   * @param phoneRegions default regions (ISO 3166 alpha-2) for phone numbers written without a country code
   * @param health       the health identifiers to look for
   */
  public PersonalDataDetector(List<String> phoneRegions, List<HealthIdentifier> health) {
    for (String r : phoneRegions) {
      if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(r.toUpperCase(Locale.ROOT))) {
        throw new IllegalArgumentException("unknown phone region '" + r + "'; use an ISO 3166 alpha-2 code such as US or DE");
      }
    }
    this.regions = phoneRegions.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList();
    this.health = List.copyOf(health);
    this.healthScanner = new RuleScanner(this.health.stream().map(HealthIdentifier::rule).toList());
  }

  /** A detector for US phone numbers and the built-in health identifiers. */
  public PersonalDataDetector() { this(List.of("US"), HealthIdentifier.BUILTIN); }

  @Override public String name() { return "personal-data"; }

  /* The scanner of the health identifiers, for a firewall that shares one keyword pass among its detectors. */
  RuleScanner healthScanner() { return healthScanner; }

  @Override public List<Finding> scan(NormalizedText normalized) {
    if (!normalized.mayHold(NormalizedText.DIGIT) && !normalized.mayHold(NormalizedText.AT_SIGN)) {
      // Every built-in kind holds a digit or an '@'; only configured health identifiers may not.
      if (health.isEmpty() || !healthScanner.mayMatch(normalized)) return List.of();
      var found = new ArrayList<Finding>();
      scanHealthIds(normalized, found);
      return SecretDetector.strongestPerSpan(found);
    }
    String text = normalized.text();
    char[] chars = normalized.textChars();
    var found = new ArrayList<Finding>();
    // The array may be longer than the text (see NormalizedText.textChars()): read the text's length of it.
    var starts = new Starts(chars, text.length());
    numbers(chars, starts, normalized, found);
    ibans(chars, text.length(), starts, found);
    ninos(chars, starts, normalized, found);
    emails(text, found);
    phoneNumbers(text, chars, starts, found);
    healthIds(normalized, found);
    return SecretDetector.strongestPerSpan(found);
  }

  /*
   * A scan of the joined text finds in each part at least what the part alone gives: no candidate
   * reaches across a line break (numbers, IBANs, national ids, e-mail addresses and phone numbers
   * stop at one; health rules keep to their part), and what lies beyond a part only adds: a
   * keyword near a number, a phone number in the context window.
   */
  @Override public List<Finding> candidates(NormalizedText joined) { return scan(joined); }

  private Finding finding(Category category, String id, double score, int start, int end, String label) {
    return new Finding(name(), category, id, score, start, end, label);
  }

  /* Runs of digits with single separators: card numbers, SSNs, German tax ids. */
  private void numbers(char[] s, Starts starts, NormalizedText normalized, List<Finding> out) {
    int n = normalized.text().length();
    int after = 0;
    for (int at = 0; at < starts.numbers; at++) {
      int i = starts.number[at];
      if (i < after || !isDigit(s[i])) continue;
      int start = i;
      int count = 0;
      char sep = 0;
      boolean mixed = false;
      int j = i;
      while (j < n) {
        char c = s[j];
        if (isDigit(c)) {
          count++;
          j++;
        } else if ((c == ' ' || c == '-') && j + 1 < n && isDigit(s[j + 1]) && count < 20) {
          if (sep != 0 && sep != c) mixed = true;
          sep = c;
          j++;
        } else {
          break;
        }
      }
      after = j;
      if (j < n && Character.isLetter(s[j])) continue;
      // Only these shapes can be a card (13 to 19 digits), an SSN (nine digits, or eleven characters laid out as one)
      // or a tax id (eleven digits): dates, amounts and counts stop here, before any string is built.
      if (!(count == 9 || count == 11 || count >= 13 && count <= 19 || j - start == 11)) continue;
      String d = digitsOf(s, start, j, count);
      String raw = new String(s, start, j - start);
      if (!mixed && d.length() >= 13 && d.length() <= 19 && Checksums.luhn(d) && issuer(d) && !sameDigit(d)) {
        double score = near(normalized.foldedView(), start, j, 40, "card", "visa", "mastercard", "amex", "credit", "debit", "payment", "cc") ? 0.95 : 0.8;
        out.add(finding(Category.PERSONAL, "personal.payment-card", score, start, j, "payment-card"));
      } else if (ssnLayout(raw) && ssn(d)) {
        out.add(finding(Category.PERSONAL, "personal.us-ssn", 0.85, start, j, "us-ssn"));
      } else if (d.length() == 9 && raw.equals(d) && ssn(d) && near(normalized.foldedView(), start, j, 40, "ssn", "social security")) {
        out.add(finding(Category.PERSONAL, "personal.us-ssn", 0.85, start, j, "us-ssn"));
      } else if (d.length() == 11 && Checksums.steuerId(d)
          && near(normalized.foldedView(), start, j, 60, "steuer", "tax id", "tin", "idnr", "identifikationsnummer", "tax identification")) {
        out.add(finding(Category.PERSONAL, "personal.de-tax-id", 0.85, start, j, "de-tax-id"));
      }
    }
  }

  /* The digits of s[from, to), of which there are count. */
  private static String digitsOf(char[] s, int from, int to, int count) {
    char[] d = new char[count];
    int k = 0;
    for (int i = from; i < to; i++) {
      if (isDigit(s[i])) d[k++] = s[i];
    }
    return new String(d);
  }

  private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

  private static boolean sameDigit(String d) { return d.chars().distinct().count() == 1; }

  /* Issuer ranges of the major card networks, with their lengths. */
  static boolean issuer(String d) {
    int len = d.length();
    int p2 = Integer.parseInt(d.substring(0, 2));
    int p3 = Integer.parseInt(d.substring(0, 3));
    int p4 = Integer.parseInt(d.substring(0, 4));
    int p6 = Integer.parseInt(d.substring(0, 6));
    if (d.charAt(0) == '4') return len == 13 || len == 16 || len == 19;                         // Visa
    if (p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720) return len == 16;                     // Mastercard
    if (p2 == 34 || p2 == 37) return len == 15;                                                  // American Express
    if (p4 == 6011 || p3 >= 644 && p3 <= 649 || p2 == 65 || p6 >= 622126 && p6 <= 622925) {
      return len >= 16 && len <= 19;                                                             // Discover
    }
    if (p4 >= 3528 && p4 <= 3589) return len >= 16 && len <= 19;                                // JCB
    if (p3 >= 300 && p3 <= 305 || p2 == 36 || p2 == 38 || p2 == 39) return len >= 14 && len <= 19; // Diners
    if (p2 == 62) return len >= 16 && len <= 19;                                                 // UnionPay
    if (p2 == 50 || p2 >= 56 && p2 <= 69) return len >= 12 && len <= 19;                        // Maestro
    return false;
  }

  /* ddd-dd-dddd or ddd dd dddd. */
  private static boolean ssnLayout(String raw) {
    if (raw.length() != 11) return false;
    char a = raw.charAt(3);
    char b = raw.charAt(6);
    return (a == '-' || a == ' ') && a == b;
  }

  /* SSNs never issued: area 000, 666 or 900-999, group 00, serial 0000, and the numbers used in advertising. */
  private static boolean ssn(String d) {
    int area = Integer.parseInt(d.substring(0, 3));
    int group = Integer.parseInt(d.substring(3, 5));
    int serial = Integer.parseInt(d.substring(5));
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) return false;
    return !d.equals("078051120") && !d.equals("219099999") && !d.equals("123456789");
  }

  /* IBANs, written solid or in groups of four. */
  private void ibans(char[] s, int n, Starts starts, List<Finding> out) {
    for (int at = 0; at < starts.words; at++) {
      int i = starts.word[at];
      if (i + 4 > n) break;
      char a = s[i];
      char b = s[i + 1];
      if (b < 'A' || b > 'Z' || !isDigit(s[i + 2]) || !isDigit(s[i + 3])) continue;
      int length = Checksums.ibanLength(a, b);
      if (length == 0) continue;
      var iban = new StringBuilder(length);
      int j = i;
      while (j < n && iban.length() < length) {
        char c = s[j];
        if (c >= 'A' && c <= 'Z' || isDigit(c)) {
          iban.append(c);
          j++;
        } else if (c == ' ' && j + 1 < n && Character.isLetterOrDigit(s[j + 1]) && iban.length() % 4 == 0) {
          j++;
        } else {
          break;
        }
      }
      if (iban.length() != length || j < n && Character.isLetterOrDigit(s[j])) continue;
      if (Checksums.iban(iban)) out.add(finding(Category.PERSONAL, "personal.iban", 0.9, i, j, "iban"));
    }
  }

  /* UK National Insurance numbers: two letters from the allocated set, six digits, a suffix A-D. */
  private void ninos(char[] s, Starts starts, NormalizedText normalized, List<Finding> out) {
    int n = normalized.text().length();
    for (int at = 0; at < starts.words; at++) {
      int i = starts.word[at];
      if (i + 9 > n) break;
      char a = s[i];
      char b = s[i + 1];
      if (b < 'A' || b > 'Z' || "DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) continue;
      if (unallocatedNino(a, b)) continue;
      int j = i + 2;
      int digits = 0;
      while (j < n && digits < 6) {
        char c = s[j];
        if (isDigit(c)) {
          digits++;
          j++;
        } else if (c == ' ' && digits % 2 == 0 && j + 1 < n && isDigit(s[j + 1])) {
          j++;
        } else {
          break;
        }
      }
      if (digits != 6) continue;
      if (j < n && s[j] == ' ') j++;
      if (j >= n || s[j] < 'A' || s[j] > 'D') continue;
      j++;
      if (j < n && Character.isLetterOrDigit(s[j])) continue;
      double score = near(normalized.foldedView(), i, j, 60, "national insurance", "nino", "ni number", "ni no") ? 0.9 : 0.7;
      out.add(finding(Category.PERSONAL, "personal.uk-nino", score, i, j, "uk-nino"));
    }
  }

  /* Prefixes never allocated: BG, GB, KN, NK, NT, TN, ZZ. */
  private static boolean unallocatedNino(char a, char b) {
    return a == 'B' && b == 'G' || a == 'G' && b == 'B' || a == 'K' && b == 'N' || a == 'N' && (b == 'K' || b == 'T')
        || a == 'T' && b == 'N' || a == 'Z' && b == 'Z';
  }

  /**
   * Where candidates can start: numbers (a digit, '+' or '(' not inside a word) and words that start
   * with an upper-case letter, in text order. The scanners then visit only these positions.
   *
   * <p>Every candidate needs a digit (a number's own, an IBAN's check digits right after its country,
   * a National Insurance number's digits after its prefix and at most one space), so only the
   * neighbourhood of each run of digits is read closely: a word start is kept when digits follow at
   * its third or fourth character, and a '+' or '(' when only phone punctuation separates it from
   * the digits. Starts that no scanner could use are left out; the text in between costs one
   * comparison per character.
   */
  static final class Starts {
    private static final int[] NONE = new int[0];
    /* Allocated on the first start: most strings have none. */
    int[] number = NONE;
    int numbers;
    int[] word = NONE;
    int words;

    /* The starts in s[0, n). */
    Starts(char[] s, int n) {
      int i = 0;
      while (i < n) {
        char c = s[i];
        if (c > '9' || c < '0') {
          i++;
          continue;
        }
        // s[i] begins a run of digits.
        wordStartsBefore(s, i);
        int from = i;
        while (from > 0 && isPhonePunctuation(s[from - 1])) from--;
        for (int k = from; k < i; k++) {
          if ((s[k] == '+' || s[k] == '(') && !inWord(s, k - 1)) addNumber(k);
        }
        if (!inWord(s, i - 1)) addNumber(i);
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
      }
    }

    /* Upper-case word starts two or three characters before the digit run at d (an IBAN's or a NINO's prefix). */
    private void wordStartsBefore(char[] s, int d) {
      for (int k = Math.max(0, d - 3); k <= d - 2; k++) {
        if (s[k] >= 'A' && s[k] <= 'Z' && !inWord(s, k - 1) && (k == d - 2 || s[k + 2] == ' ')
            && (words == 0 || word[words - 1] < k)) {
          addWord(k);
        }
      }
    }

    /* The phone characters other than digits, which may stand between a '+' or '(' and its digits. */
    private static boolean isPhonePunctuation(char c) {
      return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+' || c == '/';
    }

    /* Whether the character at i continues a word (a letter or a digit, in any script); false before the text. */
    private static boolean inWord(char[] s, int i) {
      if (i < 0) return false;
      char c = s[i];
      if (c < 128) return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      return Character.isLetterOrDigit(c);
    }

    private void addNumber(int i) {
      if (numbers == number.length) number = numbers == 0 ? new int[8] : java.util.Arrays.copyOf(number, numbers * 2);
      number[numbers++] = i;
    }

    private void addWord(int i) {
      if (words == word.length) word = words == 0 ? new int[8] : java.util.Arrays.copyOf(word, words * 2);
      word[words++] = i;
    }
  }

  /* Email addresses around each '@': a dot-atom local part and a domain with an alphabetic top-level label. */
  private void emails(String s, List<Finding> out) {
    int at = s.indexOf('@');
    int lastEnd = 0;
    while (at >= 0) {
      int start = at;
      while (start > lastEnd && at - start < 64 && isLocal(s.charAt(start - 1))) start--;
      int end = at + 1;
      int lastDot = -1;
      while (end < s.length() && end - at < 255) {
        char c = s.charAt(end);
        if (c == '.' && end + 1 < s.length() && isDomain(s.charAt(end + 1)) && s.charAt(end - 1) != '.') lastDot = end;
        else if (!isDomain(c)) break;
        end++;
      }
      boolean ok = start < at && lastDot > at + 1 && s.charAt(start) != '.' && s.charAt(at - 1) != '.';
      if (ok) {
        int tld = 0;
        for (int k = lastDot + 1; k < end && Character.isLetter(s.charAt(k)); k++) tld++;
        ok = tld >= 2 && tld == end - lastDot - 1;
      }
      if (ok) {
        out.add(finding(Category.PERSONAL, "personal.email", 0.8, start, end, "email"));
        lastEnd = end;
      }
      at = s.indexOf('@', at + 1);
    }
  }

  private static boolean isLocal(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean isDomain(char c) { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '-'; }

  /* Phone numbers: stretches of phone characters with 7 to 17 digits, confirmed by libphonenumber. */
  private void phoneNumbers(String text, char[] s, Starts starts, List<Finding> out) {
    if (regions.isEmpty()) return;
    int n = text.length();
    int after = 0;
    for (int at = 0; at < starts.numbers; at++) {
      int i = starts.number[at];
      if (i < after) continue;
      int j = i;
      int digits = 0;
      while (j < n && isPhoneChar(s[j])) {
        if (isDigit(s[j])) digits++;
        j++;
      }
      if (digits >= 7 && digits <= 17 && phoneShaped(s, i, j, digits) && !dateLike(s, i, n)) {
        int from = Math.max(0, i - PHONE_CONTEXT);
        int to = Math.min(n, j + PHONE_CONTEXT);
        CharSequence window = new Slice(text, from, to);
        for (String region : regions) {
          for (PhoneNumberMatch m : phones.findNumbers(window, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            int start = from + m.start();
            int end = from + m.end();
            var f = finding(Category.PERSONAL, "personal.phone", 0.6, start, end, "phone");
            if (out.stream().noneMatch(c -> c.overlaps(f))) out.add(f);
          }
        }
      }
      after = j;
    }
  }

  /* A plain run of seven to nine digits is an id, not a phone number; one with a prefix, groups or ten digits may be. */
  private static boolean phoneShaped(char[] s, int from, int to, int digits) {
    if (digits >= 10 || s[from] == '+' || s[from] == '(') return true;
    for (int k = from; k < to; k++) {
      if (!isDigit(s[k]) && s[k] != ' ') return true;
      if (s[k] == ' ' && k + 1 < to && isDigit(s[k + 1]) && k > from) return true;
    }
    return false;
  }

  /* A stretch that starts like an ISO date or a timestamp (2024-05-30, 2024/05/30) is not a phone number. */
  private static boolean dateLike(char[] s, int i, int n) {
    if (i + 7 > n) return false;
    for (int k = 0; k < 4; k++) {
      if (!isDigit(s[i + k])) return false;
    }
    char sep = s[i + 4];
    return (sep == '-' || sep == '/' || sep == '.') && isDigit(s[i + 5]) && isDigit(s[i + 6])
        && (s[i] == '1' || s[i] == '2');
  }

  private static boolean isPhoneChar(char c) {
    return isDigit(c) || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+' || c == '/';
  }

  private void healthIds(NormalizedText normalized, List<Finding> out) {
    if (!health.isEmpty() && healthScanner.mayMatch(normalized)) scanHealthIds(normalized, out);
  }

  /* The configured health identifiers in a text that holds one of their keywords. */
  private void scanHealthIds(NormalizedText normalized, List<Finding> out) {
    healthScanner.scan(normalized, false, (r, m, offset) -> {
      HealthIdentifier id = health.get(r);
      int g = m.groupCount() >= 1 && m.start(1) >= 0 ? 1 : 0;
      String value = m.group(g);
      if (!id.passes(value)) return;
      out.add(finding(Category.HEALTH, id.id(), 0.8, offset + m.start(g), offset + m.end(g), id.id().replace("health.", "")));
    });
  }

  /* Whether one of the words starts a word within {@code window} characters before or after [start, end). */
  static boolean near(CharSequence folded, int start, int end, int window, String... words) {
    int from = Math.max(0, start - window);
    int to = Math.min(folded.length(), end + window);
    for (int i = from; i < to; i++) {
      if (i > 0 && Character.isLetter(folded.charAt(i - 1))) continue;
      for (String w : words) {
        if (i + w.length() <= to && Slice.holds(folded, w, i)) return true;
      }
    }
    return false;
  }
}
