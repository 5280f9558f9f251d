package dev.portcullis.firewall;

import java.util.Map;

/** Check-digit algorithms that tell a real identifier from a number that merely has its shape. */
final class Checksums {
  private Checksums() {}

  /** Luhn (mod 10) over a string of digits. */
  static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) return false;
      if (twice) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      twice = !twice;
    }
    return digits.length() > 0 && sum % 10 == 0;
  }

  /** US National Provider Identifier: Luhn over the number prefixed with 80840. */
  static boolean npi(CharSequence digits) { return digits.length() == 10 && luhn("80840" + digits); }

  /** UK NHS number: weights 10..2 over the first nine digits, mod 11, the tenth digit checks. */
  static boolean nhs(CharSequence digits) {
    if (digits.length() != 10) return false;
    int sum = 0;
    for (int i = 0; i < 9; i++) sum += (digits.charAt(i) - '0') * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    return check != 10 && check == digits.charAt(9) - '0';
  }

  /**
   * German tax id (Steuerliche Identifikationsnummer): 11 digits, no leading zero, in the first ten
   * exactly one digit repeated (twice or three times), check digit by ISO 7064 MOD 11,10.
   */
  static boolean steuerId(CharSequence digits) {
    if (digits.length() != 11 || digits.charAt(0) == '0') return false;
    int[] counts = new int[10];
    for (int i = 0; i < 10; i++) counts[digits.charAt(i) - '0']++;
    int repeated = 0;
    for (int c : counts) {
      if (c == 2 || c == 3) repeated++;
      else if (c > 3) return false;
    }
    if (repeated != 1) return false;
    int product = 10;
    for (int i = 0; i < 10; i++) {
      int sum = (digits.charAt(i) - '0' + product) % 10;
      if (sum == 0) sum = 10;
      product = sum * 2 % 11;
    }
    int check = 11 - product;
    if (check == 10) check = 0;
    return check == digits.charAt(10) - '0';
  }

  /** IBAN: known country, its length, and mod 97 of the rearranged number equal to 1. */
  static boolean iban(CharSequence iban) {
    Integer length = IBAN_LENGTHS.get(iban.subSequence(0, Math.min(2, iban.length())).toString());
    if (length == null || iban.length() != length) return false;
    int mod = 0;
    for (int k = 0; k < iban.length(); k++) {
      char c = iban.charAt((k + 4) % iban.length());
      if (c >= '0' && c <= '9') mod = (mod * 10 + (c - '0')) % 97;
      else if (c >= 'A' && c <= 'Z') mod = (mod * 100 + (c - 'A' + 10)) % 97;
      else return false;
    }
    return mod == 1;
  }

  /** The IBAN length of the country with the upper-case code {@code a b}, 0 when it has none (no allocation). */
  static int ibanLength(char a, char b) {
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return 0;
    return IBAN_TABLE[(a - 'A') * 26 + (b - 'A')];
  }

  /* Lengths from the IBAN registry. */
  private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
      Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28), Map.entry("BA", 20),
      Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BI", 27), Map.entry("BR", 29), Map.entry("BY", 28),
      Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DJ", 27),
      Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18),
      Map.entry("FK", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
      Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22),
      Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30),
      Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
      Map.entry("LV", 21), Map.entry("LY", 25), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
      Map.entry("MN", 20), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28), Map.entry("NL", 18),
      Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25),
      Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("RU", 33), Map.entry("SA", 24), Map.entry("SC", 31),
      Map.entry("SD", 18), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23),
      Map.entry("ST", 25), Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29),
      Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

  private static final int[] IBAN_TABLE = new int[26 * 26];

  static {
    IBAN_LENGTHS.forEach((code, length) -> IBAN_TABLE[(code.charAt(0) - 'A') * 26 + (code.charAt(1) - 'A')] = length);
  }
}
