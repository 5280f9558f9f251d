package dev.portcullis.firewall.flow;

import java.util.regex.Pattern;

/**
 * Which copied values send whoever reads them somewhere: a URL, an e-mail address, a domain name or
 * an account number (IBAN-shaped). Free text copied from untrusted content may pass as content, but
 * one of these in it is a destination the attacker chose (a phishing link, an account to pay), so
 * the flow step labels it {@link dev.portcullis.core.ArgumentFlow#UNTRUSTED_LINK}.
 *
 * <p>Values come in the normal form of {@link Normalisation} (case-folded), as extracted by
 * {@link ValueExtractor}; prose, numbers, dates and times are not links.
 */
final class Links {
  private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
  private static final Pattern DOMAIN = Pattern.compile("(?:[\\p{L}\\p{N}-]+\\.)+\\p{L}{2,}(?:/\\S*)?");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z]{2}[0-9]{2}[a-z0-9]{11,30}");

  private Links() {}

  /** Whether a normalised value is a link, an address or an account number. */
  static boolean isLink(String v) {
    if (v.indexOf(' ') >= 0) return false;
    return v.contains("://") || EMAIL.matcher(v).matches() || DOMAIN.matcher(v).matches() || ACCOUNT.matcher(v).matches();
  }
}
