package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitleaksRulesTest {
  @TempDir Path dir;

  private static final String RULES = """
      title = "team rules"

      [[rules]]
      id = "acme-api-key"
      description = "ACME API key"
      regex = '''acme_(?:live|test)_([a-zA-Z0-9]{24})'''
      secretGroup = 1
      entropy = 3.0
      keywords = ["acme_live", "acme_test"]

      [rules.allowlist]
      stopwords = ["sandbox"]

      [[rules]]
      id = "internal-password"
      regex = '''(?i)internal_pw\\s*=\\s*"([^"]{8,})"'''
      keywords = ["internal_pw"]
      [[rules.allowlists]]
      regexTarget = "line"
      regexes = ['''#\\s*fixture''']

      [allowlist]
      regexes = ['''^acme_test_0{24}$''']
      regexTarget = "match"
      """;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static List<Finding> scan(GitleaksRules rules, String text) {
    return new SecretDetector(false, List.of(rules)).scan(Normalizer.normalize(text));
  }

  @Test
  void loadsRulesWithKeywordsEntropyAndSecretGroup() throws IOException {
    GitleaksRules rules = GitleaksRules.load(write("gitleaks.toml", RULES));
    assertThat(rules.problems()).isEmpty();
    assertThat(rules.rules()).extracting(SecretRule::id).containsExactly("acme-api-key", "internal-password");
    SecretRule acme = rules.rules().getFirst();
    assertThat(acme.keywords()).containsExactly("acme_live", "acme_test");
    assertThat(acme.entropy()).isEqualTo(3.0);
    assertThat(acme.secretGroup()).isEqualTo(1);

    String text = "key: acme_live_Q7xk2LmP9vR4tW8yZ3nB6cD1 end";
    assertThat(scan(rules, text)).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("acme-api-key");
      assertThat(text.substring(f.start(), f.end())).isEqualTo("Q7xk2LmP9vR4tW8yZ3nB6cD1");
    });
  }

  @Test
  void entropyBelowTheRulesMinimumIsNotASecret() throws IOException {
    GitleaksRules rules = GitleaksRules.parse(RULES, "inline");
    assertThat(scan(rules, "acme_live_aaaaaaaaaaaabbbbbbbbbbbb")).isEmpty();
  }

  @Test
  void appliesRuleAndGlobalAllowlists() throws IOException {
    GitleaksRules rules = GitleaksRules.parse(RULES, "inline");
    assertThat(scan(rules, "acme_live_sandboxQ7xk2LmP9vR4tW8yZ3n")).isEmpty();
    assertThat(scan(rules, "internal_pw = \"Hx8-kQ2!zzP\"  # fixture")).isEmpty();
    assertThat(scan(rules, "internal_pw = \"Hx8-kQ2!zzP\"")).hasSize(1);
  }

  @Test
  void reportsRulesItCannotUseInsteadOfDroppingThemSilently() throws IOException {
    GitleaksRules rules = GitleaksRules.parse("""
        [extend]
        useDefault = true

        [[rules]]
        id = "lookahead"
        regex = '''secret(?=[0-9]+)'''
        keywords = ["secret"]

        [[rules]]
        id = "backreference"
        regex = '''(a)\\1'''

        [[rules]]
        id = "pem-files"
        path = '''\\.pem$'''

        [[rules]]
        id = "fine"
        regex = '''fine_[0-9a-f]{32}'''
        keywords = ["fine_"]
        severity = "high"
        """, "team.toml");
    assertThat(rules.rules()).extracting(SecretRule::id).containsExactly("fine");
    assertThat(rules.droppedRules()).isTrue();
    assertThat(rules.problems()).filteredOn(GitleaksRules.Problem::dropped).extracting(GitleaksRules.Problem::ruleId)
        .containsExactly("lookahead", "backreference", "pem-files");
    assertThat(rules.problems()).extracting(GitleaksRules.Problem::toString)
        .anyMatch(p -> p.contains("default rules"))
        .anyMatch(p -> p.contains("rule 'fine'") && p.contains("unknown key 'severity'"))
        .anyMatch(p -> p.contains("rule 'lookahead'") && p.contains("does not compile as RE2"));
  }

  @Test
  void anAndAllowlistThatNeedsPathsNeverApplies() throws IOException {
    GitleaksRules rules = GitleaksRules.parse("""
        [[rules]]
        id = "acme"
        regex = '''acme_([a-zA-Z0-9]{24})'''
        keywords = ["acme_"]
        [rules.allowlist]
        condition = "AND"
        paths = ['''test/''']
        stopwords = ["q7xk"]
        """, "inline");
    assertThat(scan(rules, "acme_Q7xk2LmP9vR4tW8yZ3nB6cD1")).hasSize(1);
    assertThat(rules.problems()).extracting(GitleaksRules.Problem::message).anyMatch(m -> m.contains("paths"));
  }

  @Test
  void followsExtendPathsRelativeToTheFile() throws IOException {
    write("base.toml", """
        [[rules]]
        id = "base-rule"
        regex = '''base_[0-9]{10}'''
        keywords = ["base_"]
        """);
    Path top = write("top.toml", """
        [extend]
        path = "base.toml"
        [[rules]]
        id = "top-rule"
        regex = '''top_[0-9]{10}'''
        keywords = ["top_"]
        """);
    assertThat(GitleaksRules.load(top).rules()).extracting(SecretRule::id).containsExactly("base-rule", "top-rule");
  }

  @Test
  void invalidTomlIsAClearError() {
    assertThatThrownBy(() -> GitleaksRules.parse("[[rules]\nid = ", "broken.toml"))
        .isInstanceOf(IOException.class).hasMessageContaining("broken.toml").hasMessageContaining("not valid TOML");
  }

  @Test
  void aPathologicalOperatorRuleStillRunsInLinearTime() throws IOException {
    GitleaksRules rules = GitleaksRules.parse("""
        [[rules]]
        id = "evil"
        regex = '''(a|aa)*c'''
        """, "inline");
    var counted = new RuleScannerTest.CountingText("a".repeat(20_000) + "b");
    var scanner = new RuleScanner(List.of(rules.rules().getFirst().keywordRule()));
    scanner.scan(counted, counted, (r, m, offset) -> { });
    // A backtracking engine needs an exponential number of steps here; RE2 reads each character a bounded number of times.
    assertThat(counted.reads()).isLessThan(20L * 20_001);
  }
}
