package dev.portcullis.firewall;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;

/**
 * When a secret-rule match is not a secret after all, as gitleaks allowlists say it: regular
 * expressions tested against the secret, the whole match or its line, and stop words contained in
 * the secret. Checks gitleaks applies to paths and commits do not exist for a tool result; an
 * allowlist that needs them all ({@code condition = "AND"}) therefore never applies, and an
 * {@code OR} allowlist applies on its other checks only.
 */
public final class SecretAllowlist {
  /** What an allowlist regular expression is tested against. */
  public enum Target { SECRET, MATCH, LINE }

  private final boolean all;
  private final List<Pattern> regexes;
  private final Target target;
  private final List<String> stopwords;
  private final boolean unsupportedChecks;

  SecretAllowlist(boolean all, List<Pattern> regexes, Target target, List<String> stopwords, boolean unsupportedChecks) {
    this.all = all;
    this.regexes = List.copyOf(regexes);
    this.target = target;
    this.stopwords = stopwords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    this.unsupportedChecks = unsupportedChecks;
  }

  /** Whether this allowlist excuses a finding. */
  boolean allows(String secret, String match, String line) {
    boolean any = false;
    boolean every = !unsupportedChecks;
    if (!regexes.isEmpty()) {
      String subject = switch (target) {
        case SECRET -> secret;
        case MATCH -> match;
        case LINE -> line;
      };
      boolean hit = false;
      for (Pattern p : regexes) {
        if (p.matcher(subject).find()) {
          hit = true;
          break;
        }
      }
      any |= hit;
      every &= hit;
    }
    if (!stopwords.isEmpty()) {
      String lower = secret.toLowerCase(Locale.ROOT);
      boolean hit = stopwords.stream().anyMatch(lower::contains);
      any |= hit;
      every &= hit;
    }
    if (regexes.isEmpty() && stopwords.isEmpty()) return false;
    return all ? every : any;
  }
}
