package dev.portcullis.firewall;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * Phrasing that has no place in a tool description: instructions to the model about what to do
 * before or instead of using the tool, secrecy towards the user, and references to sensitive files.
 * Written against folded text.
 */
final class PoisoningRules {
  private PoisoningRules() {}

  /** A rule and its score. */
  record Rule(KeywordRule rule, double score) {}

  static List<Rule> builtin() {
    return List.of(
        rule("poisoning.instruction", 0.8, List.of("before"),
            "\\bbefore\\s+(?:using|calling|invoking|running|you\\s+(?:use|call|invoke|run))\\s+(?:this|the|any)\\s+(?:[\\w-]+\\s+)?"
                + "(?:tool|function)s?\\b"),
        rule("poisoning.instruction", 0.7, List.of("<important", "<system", "<instructions", "<secret", "<hidden"),
            "<(?:important|system|instructions|secret|hidden)>"),
        rule("poisoning.instruction", 0.8, List.of("user"),
            "\\b(?:do\\s+not|don't|never|without)\\s+(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|alert(?:ing)?|"
                + "(?:mention|reveal|show|disclose)(?:ing)?(?:\\s+(?:this|it|that|anything))?\\s+to)\\s+(?:the\\s+)?users?\\b"
                + "|\\bthe\\s+user\\s+(?:does\\s+not|doesn't|must\\s+not|should\\s+not|shouldn't|need\\s+not)\\s+(?:need\\s+to\\s+)?"
                + "(?:know|see|be\\s+told|be\\s+informed)"),
        rule("poisoning.instruction", 0.7, List.of("must", "required", "always"),
            "\\b(?:you\\s+must|you\\s+are\\s+required\\s+to|always)\\s+(?:first\\s+)?(?:read|call|send|include|pass|provide|attach|"
                + "append|upload|forward|copy)\\s+(?:[\\w'-]+\\s+){0,4}?(?:contents?|files?|keys?|credentials?|tokens?|"
                + "history|conversation|messages?|emails?|passwords?|secrets?|config\\w*)\\b"),
        rule("poisoning.instruction", 0.6, List.of("otherwise", "or else"),
            "\\b(?:otherwise|or\\s+else)\\s+(?:the\\s+)?(?:tool|function|system|request|call)\\s+(?:will|would|may|might)\\s+"
                + "(?:not\\s+work|fail|crash|break|error)"),
        rule("poisoning.instruction", 0.6, List.of("sidenote", "side note", "side_note"),
            "\\b(?:sidenote|side[\\s_]note)\\b"),
        rule("poisoning.sensitive-path", 0.8,
            List.of(".ssh", "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", "/etc/passwd", "/etc/shadow", "/etc/sudoers", ".env",
                "mcp.json", "credentials.json", ".aws/", ".netrc", ".git-credentials", ".npmrc", ".pypirc", ".kube/config", "kubeconfig",
                ".docker/config.json", "claude_desktop_config", ".cursor/", "wallet.dat", "_history", ".gnupg", "keychain"),
            "(?:~|\\$home|%userprofile%)?/?\\.ssh\\b|\\bid_(?:rsa|ed25519|ecdsa|dsa)\\b|/etc/(?:passwd|shadow|sudoers)\\b"
                + "|(?:^|[\\s\"'`/(=])\\.env(?:\\.\\w+)?\\b|\\bmcp\\.json\\b|\\bcredentials\\.json\\b|\\.aws/(?:credentials|config)\\b"
                + "|\\.netrc\\b|\\.git-credentials\\b|\\.npmrc\\b|\\.pypirc\\b|\\.kube/config\\b|\\bkubeconfig\\b|\\.docker/config\\.json\\b"
                + "|\\bclaude_desktop_config\\.json\\b|\\.cursor/|\\bwallet\\.dat\\b|\\.(?:bash|zsh)_history\\b|\\.gnupg\\b|\\bkeychain\\b"),
        rule("poisoning.tool-reference", 0.3, List.of("tool", "function"),
            "\\b(?:call|use|invoke|run|execute|trigger)\\s+(?:the\\s+)?[`'\"]?[a-z][\\w.-]*[`'\"]?\\s+(?:tool|function)\\b"));
  }

  private static Rule rule(String id, double score, List<String> keywords, String regex) {
    return new Rule(new KeywordRule(id, Pattern.compile(regex, Pattern.MULTILINE), keywords, 60, 160), score);
  }
}
