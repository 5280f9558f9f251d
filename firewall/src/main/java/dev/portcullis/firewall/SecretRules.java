package dev.portcullis.firewall;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The built-in secret rules: well-known credential formats with distinctive prefixes (found with
 * near certainty), private key blocks, JWTs, credentials in URLs, and a generic rule for values
 * assigned to names like {@code password} or {@code api_key}, which needs entropy and must not look
 * like a placeholder.
 */
final class SecretRules {
  private SecretRules() {}

  static List<SecretRule> builtin() {
    var r = new ArrayList<SecretRule>();
    r.add(rule("secret.aws-access-key-id", "aws-access-key", 0.95, List.of("akia", "asia", "abia", "acca", "a3t"),
        "\\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\\b", 0));
    r.add(rule("secret.aws-secret-access-key", "aws-secret-key", 0.9, List.of("aws"),
        "(?i)aws.{0,20}?(?:secret|sk).{0,20}?[\"'\\s:=]{1,5}([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)", 4.0));
    r.add(rule("secret.github-token", "github-token", 0.95, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        "\\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255})\\b", 0));
    r.add(rule("secret.github-fine-grained-token", "github-token", 0.95, List.of("github_pat_"),
        "\\b(github_pat_[A-Za-z0-9_]{60,255})\\b", 0));
    r.add(rule("secret.gitlab-token", "gitlab-token", 0.95,
        List.of("glpat-", "glptt-", "gldt-", "glrt-", "glcbt-", "glimt-", "glsoat-", "glft-", "glffct-", "glagent-"),
        "\\b((?:glpat|glptt|gldt|glrt|glcbt|glimt|glsoat|glft|glffct|glagent)-[A-Za-z0-9_.-]{20,})\\b", 0));
    r.add(rule("secret.slack-token", "slack-token", 0.95, List.of("xox"), "\\b(xox[baprse]-[A-Za-z0-9-]{10,250})\\b", 0));
    r.add(windowed("secret.slack-webhook", "slack-webhook", 0.9, List.of("hooks.slack.com"), 12, 200,
        "(https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,})", 0, s -> !obviousPlaceholder(s)));
    r.add(rule("secret.stripe-key", "stripe-key", 0.95, List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_"),
        "\\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,247})\\b", 0));
    r.add(rule("secret.google-api-key", "google-api-key", 0.9, List.of("aiza"), "\\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)", 0));
    r.add(windowed("secret.openai-key", "openai-key", 0.95, List.of("t3blbkfj"), 200, 200,
        "\\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,})", 0, s -> !obviousPlaceholder(s)));
    r.add(rule("secret.anthropic-key", "anthropic-key", 0.95, List.of("sk-ant-"), "\\b(sk-ant-[a-z]{3,6}\\d{2}-[A-Za-z0-9_-]{80,120})", 0));
    r.add(rule("secret.npm-token", "npm-token", 0.9, List.of("npm_"), "\\b(npm_[A-Za-z0-9]{36})\\b", 0));
    r.add(new SecretRule("secret.private-key", "", KeywordRule.anchored("secret.private-key", Pattern.compile(
        "(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|\\z))"),
        List.of("-----begin"), GitleaksRules.BLOCK_AFTER), 0, 1, List.of(), 0.95, "private-key", s -> s.length() >= 64));
    r.add(new SecretRule("secret.jwt", "", KeywordRule.anchored("secret.jwt",
        Pattern.compile("(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})"), List.of("eyj"), 8192),
        0, 1, List.of(), 0.85, "jwt", SecretRules::jwtHeader));
    // Credentials in a URL need an '@' after the scheme: URLs without one cost nothing.
    r.add(new SecretRule("secret.url-credentials", "", new KeywordRule("secret.url-credentials", Pattern.compile(
        "\\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\\s:/@\"'<>]{1,64}:([^\\s:/@\"'<>]{3,128})@[^\\s/\"'<>]+"), List.of("://"), 24, 200)
        .near(List.of("@")).startingAt(SecretRules::urlCredentialsStart), 0, 1, List.of(), 0.8, "url-credentials", s -> !placeholder(s)));
    r.add(new SecretRule("secret.bearer-token", "", KeywordRule.anchored("secret.bearer-token",
        Pattern.compile("(?i)bearer\\s+([A-Za-z0-9._~+/-]{20,}=*)"), List.of("bearer"), 600),
        3.5, 1, List.of(), 0.8, "bearer-token", s -> !placeholder(s)));
    r.add(windowed("secret.generic-assignment", "secret", 0.6,
        List.of("password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey",
            "auth_key", "private_key", "client_secret", "credential"), 60, 240,
        "(?i)[\\w.-]{0,30}?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key|"
            + "client[_-]?secret|credentials?)[\\w.-]{0,20}?[\"']?\\s{0,5}(?::=|=>|=|:)\\s{0,5}[\"'`]?([^\\s\"'`,;<>(){}\\[\\]]{8,200})",
        3.0, SecretRules::genericValue, SecretRules::assignmentStart));
    return List.copyOf(r);
  }

  /* A rule for a token format whose pattern starts with its keyword (a distinctive prefix). */
  private static SecretRule rule(String id, String label, double score, List<String> keywords, String regex, double entropy) {
    return new SecretRule(id, "", KeywordRule.anchored(id, Pattern.compile(regex), keywords, 600), entropy, 1, List.of(), score,
        label, s -> !obviousPlaceholder(s));
  }

  private static SecretRule windowed(String id, String label, double score, List<String> keywords, int before, int after,
                                     String regex, double entropy, Predicate<String> validator) {
    return windowed(id, label, score, keywords, before, after, regex, entropy, validator, null);
  }

  private static SecretRule windowed(String id, String label, double score, List<String> keywords, int before, int after,
                                     String regex, double entropy, Predicate<String> validator, KeywordRule.Starts starts) {
    var rule = new KeywordRule(id, Pattern.compile(regex), keywords, before, after).startingAt(starts);
    return new SecretRule(id, "", rule, entropy, 1, List.of(), score, label, validator);
  }

  /*
   * The longest stretch from the start of a generic assignment to its operator: 30 name characters,
   * the longest name ("client_secret"), 20 more name characters, a quote and 5 spaces.
   */
  private static final int ASSIGNMENT_REACH = 30 + 13 + 20 + 1 + 5;

  /*
   * Where a generic assignment can start: no earlier than ASSIGNMENT_REACH before an operator (':' or
   * '=') that is followed, after at most five spaces and an optional quote, by at least eight value
   * characters. Every match has such an operator, so none starts before the first one's reach.
   */
  static int assignmentStart(CharSequence text, int from, int to) {
    for (int p = from; p < to; p++) {
      char c = text.charAt(p);
      if (c != ':' && c != '=') continue;
      boolean value = assignedValue(text, p + 1, to);
      if (!value && p + 1 < to && (text.charAt(p + 1) == '=' || text.charAt(p + 1) == '>')) value = assignedValue(text, p + 2, to);
      if (value) return Math.max(from, p - ASSIGNMENT_REACH);
    }
    return -1;
  }

  /* Whether at most five spaces, an optional quote and eight value characters follow at i (within to). */
  private static boolean assignedValue(CharSequence text, int i, int to) {
    int k = i;
    while (k < to && k - i <= 5 && reSpace(text.charAt(k))) k++;
    if (k - i > 5) return false;
    if (k < to && (text.charAt(k) == '"' || text.charAt(k) == '\'' || text.charAt(k) == '`')) k++;
    int run = 0;
    while (k < to && run < 8 && valueChar(text.charAt(k))) {
      run++;
      k++;
    }
    return run == 8;
  }

  /* RE2's \s: tab, line feed, form feed, carriage return and space. */
  private static boolean reSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

  /* A character of an assigned value: not a space, a quote or a delimiter. */
  private static boolean valueChar(char c) { return !reSpace(c) && "\"'`,;<>(){}[]".indexOf(c) < 0; }

  /*
   * Where credentials in a URL can start: no earlier than a scheme's length before a "://" that is
   * followed by a user name, ':', a password of at least three characters and '@'.
   */
  static int urlCredentialsStart(CharSequence text, int from, int to) {
    for (int p = from; p + 3 <= to; p++) {
      if (text.charAt(p) != ':' || p + 3 > to || text.charAt(p + 1) != '/' || text.charAt(p + 2) != '/') continue;
      int k = p + 3;
      while (k < to && k - (p + 3) < 64 && userInfoChar(text.charAt(k))) k++;
      if (k == p + 3 || k >= to || text.charAt(k) != ':') continue;
      int j = ++k;
      while (j < to && j - k < 128 && userInfoChar(text.charAt(j))) j++;
      if (j - k >= 3 && j < to && text.charAt(j) == '@') return Math.max(from, p - 21);
    }
    return -1;
  }

  /* A character of a URL's user name or password: not a space, a delimiter of the URL, or a quote. */
  private static boolean userInfoChar(char c) { return !reSpace(c) && ":/@\"'<>".indexOf(c) < 0; }

  /* A JWT's header is base64url JSON naming an algorithm. */
  private static boolean jwtHeader(String token) {
    int dot = token.indexOf('.');
    try {
      String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      return header.contains("\"alg\"");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /* A generic value counts when it mixes character classes and is not a placeholder or a plain word. */
  private static boolean genericValue(String value) {
    if (placeholder(value)) return false;
    int classes = 0;
    if (value.chars().anyMatch(Character::isUpperCase)) classes++;
    if (value.chars().anyMatch(Character::isLowerCase)) classes++;
    if (value.chars().anyMatch(Character::isDigit)) classes++;
    if (value.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) classes++;
    return classes >= 2 && value.chars().anyMatch(c -> !Character.isLetter(c));
  }

  private static final List<String> PLACEHOLDERS = List.of("xxxx", "****", "....", "${", "{{", "<", "your", "example", "changeme",
      "placeholder", "redacted", "dummy", "sample", "password", "secret", "token", "insert", "replace", "todo", "fixme", "null",
      "undefined", "process.env", "os.environ", "getenv", "env(", "abcdef", "123456");

  private static final List<String> OBVIOUS = List.of("xxxx", "****", "....", "${", "{{", "<", "your", "example", "placeholder",
      "redacted", "dummy");

  /** Whether a value of a well-known token format is marked as a placeholder (real tokens of such formats are random). */
  static boolean obviousPlaceholder(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    for (String p : OBVIOUS) {
      if (v.contains(p)) return true;
    }
    return false;
  }

  /** Whether a free-form value looks like a placeholder, a reference or a plain word rather than a real credential. */
  static boolean placeholder(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    for (String p : PLACEHOLDERS) {
      if (v.contains(p)) return true;
    }
    return v.chars().distinct().count() <= 2;
  }
}
