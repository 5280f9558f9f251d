package dev.portcullis.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Secret rules read from a gitleaks configuration file (TOML), so operators can reuse the rules they
 * already run in their repositories: {@code [[rules]]} with {@code id, description, regex, keywords,
 * entropy, secretGroup} and {@code [rules.allowlist]} / {@code [[rules.allowlists]]}, and the global
 * {@code [allowlist]} / {@code [[allowlists]]}.
 *
 * <p>gitleaks is written in Go, whose regular expressions are RE2 — the engine used here — so rules
 * carry over as they are. Whatever cannot be used is reported as a {@link Problem}, never dropped
 * silently: a rule whose regex does not compile, a path-only rule, an {@code [extend]} of gitleaks'
 * own defaults (not bundled), unknown keys.
 *
 * <p>One difference from gitleaks: a rule with keywords only looks for matches near a keyword
 * occurrence (256 characters before, 1024 after; 16 KB after for key blocks), which keeps scanning
 * linear; gitleaks' own rules always contain their keywords, so this changes nothing for them.
 */
public final class GitleaksRules {
  static final int BEFORE = 256;
  static final int AFTER = 1024;
  static final int BLOCK_AFTER = 16 * 1024;
  private static final int MAX_EXTEND_DEPTH = 4;
  private static final Set<String> TOP_KEYS = Set.of("title", "description", "extend", "rules", "allowlist", "allowlists",
      "minVersion");
  private static final Set<String> RULE_KEYS = Set.of("id", "description", "regex", "secretGroup", "entropy", "keywords",
      "tags", "path", "allowlist", "allowlists", "skipReport", "requiredRules");
  private static final Set<String> ALLOW_KEYS = Set.of("description", "condition", "regexTarget", "regexes", "stopwords",
      "paths", "commits", "targetRules");

  private final List<SecretRule> rules;
  private final List<SecretAllowlist> global;
  private final List<Problem> problems;

  /**
   * Something in a rule file that could not be used as written.
   *
   * @param source  the file (or name) it came from
   * @param ruleId  the rule concerned, empty for the file as a whole
   * @param message what is wrong
   * @param dropped whether a rule was left out because of it (as opposed to a part of it being ignored)
   */
  public record Problem(String source, String ruleId, String message, boolean dropped) {
    @Override public String toString() {
      return source + (ruleId.isEmpty() ? "" : " rule '" + ruleId + "'") + ": " + message;
    }
  }

  private GitleaksRules(List<SecretRule> rules, List<SecretAllowlist> global, List<Problem> problems) {
    this.rules = List.copyOf(rules);
    this.global = List.copyOf(global);
    this.problems = List.copyOf(problems);
  }

  /** Loads a gitleaks TOML file. */
  public static GitleaksRules load(Path file) throws IOException {
    var out = new Builder();
    out.load(file, 0);
    return out.build();
  }

  /** Parses gitleaks TOML text; {@code source} names it in problems. */
  public static GitleaksRules parse(String toml, String source) throws IOException {
    var out = new Builder();
    out.parse(toml, source, null, 0);
    return out.build();
  }

  /** The usable rules. */
  public List<SecretRule> rules() { return rules; }

  /** Everything that could not be used as written; empty when the file loaded completely. */
  public List<Problem> problems() { return problems; }

  /** Whether any rule was left out. */
  public boolean droppedRules() { return problems.stream().anyMatch(Problem::dropped); }

  List<SecretAllowlist> globalAllowlists() { return global; }

  private static final class Builder {
    private final List<SecretRule> rules = new ArrayList<>();
    private final List<SecretAllowlist> global = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    GitleaksRules build() { return new GitleaksRules(rules, global, problems); }

    void load(Path file, int depth) throws IOException {
      parse(Files.readString(file), file.getFileName().toString(), file.toAbsolutePath().getParent(), depth);
    }

    void parse(String toml, String source, Path dir, int depth) throws IOException {
      JsonNode root;
      try {
        root = new TomlMapper().readTree(toml);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        var at = e.getLocation();
        throw new IOException(source + (at == null ? "" : " line " + at.getLineNr()) + " is not valid TOML: " + e.getOriginalMessage(), e);
      }
      if (root == null || !root.isObject()) throw new IOException(source + " holds no TOML table");
      unknownKeys(root, TOP_KEYS, source, "");
      extend(root.get("extend"), source, dir, depth);
      for (JsonNode a : list(root, "allowlist", "allowlists")) {
        SecretAllowlist allow = allowlist(a, source, "");
        if (allow != null) global.add(allow);
      }
      JsonNode list = root.get("rules");
      if (list != null && !list.isArray()) throw new IOException(source + ": 'rules' must be an array of tables ([[rules]])");
      if (list == null) return;
      for (JsonNode r : list) rule(r, source);
    }

    private void extend(JsonNode extend, String source, Path dir, int depth) throws IOException {
      if (extend == null) return;
      if (extend.path("useDefault").asBoolean(false)) {
        problems.add(new Problem(source, "", "extends gitleaks' default rules, which are not bundled; only the rules in the file are "
            + "used (add the default gitleaks.toml as a rule file of its own)", false));
      }
      String path = extend.path("path").asText("");
      if (!path.isEmpty()) {
        if (dir == null || depth >= MAX_EXTEND_DEPTH) {
          problems.add(new Problem(source, "", "cannot follow [extend] path '" + path + "'", false));
        } else {
          load(dir.resolve(path), depth + 1);
        }
      }
    }

    private void rule(JsonNode r, String source) {
      String id = r.path("id").asText("");
      if (id.isEmpty()) {
        problems.add(new Problem(source, "", "a rule has no id; left out", true));
        return;
      }
      unknownKeys(r, RULE_KEYS, source, id);
      String regex = r.path("regex").asText("");
      if (regex.isEmpty()) {
        problems.add(new Problem(source, id, r.has("path") ? "matches file paths only, which tool content does not have; left out"
            : "has no regex; left out", true));
        return;
      }
      if (r.has("path")) problems.add(new Problem(source, id, "its 'path' condition is ignored: tool content has no path", false));
      if (r.has("requiredRules")) problems.add(new Problem(source, id, "'requiredRules' (composite rules) is not supported; "
          + "the rule is used on its own", false));
      Pattern pattern;
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        problems.add(new Problem(source, id, "regex does not compile as RE2: " + e.getDescription() + "; left out", true));
        return;
      }
      var keywords = new ArrayList<String>();
      for (JsonNode k : r.path("keywords")) keywords.add(k.asText().toLowerCase(Locale.ROOT));
      keywords.removeIf(String::isEmpty);
      if (keywords.isEmpty()) problems.add(new Problem(source, id, "has no keywords, so it runs on every text in full", false));
      int group = r.path("secretGroup").asInt(0);
      if (group < 0 || group > pattern.groupCount()) {
        problems.add(new Problem(source, id, "secretGroup " + group + " does not exist in its regex ("
            + pattern.groupCount() + " groups); left out", true));
        return;
      }
      var allowlists = new ArrayList<SecretAllowlist>();
      for (JsonNode a : list(r, "allowlist", "allowlists")) {
        SecretAllowlist allow = allowlist(a, source, id);
        if (allow != null) allowlists.add(allow);
      }
      int after = regex.contains("BEGIN") || regex.contains("\\n") || regex.contains("[\\s\\S]") ? BLOCK_AFTER : AFTER;
      rules.add(new SecretRule(id, r.path("description").asText(""), new KeywordRule(id, pattern, keywords, BEFORE, after),
          r.path("entropy").asDouble(0), group, allowlists, 0.9, id, secret -> true));
    }

    private SecretAllowlist allowlist(JsonNode a, String source, String ruleId) {
      unknownKeys(a, ALLOW_KEYS, source, ruleId);
      String condition = a.path("condition").asText("OR").toUpperCase(Locale.ROOT);
      if (!condition.equals("OR") && !condition.equals("AND")) {
        problems.add(new Problem(source, ruleId, "allowlist condition '" + condition + "' is neither OR nor AND; allowlist ignored", false));
        return null;
      }
      SecretAllowlist.Target target = switch (a.path("regexTarget").asText("secret").toLowerCase(Locale.ROOT)) {
        case "match" -> SecretAllowlist.Target.MATCH;
        case "line" -> SecretAllowlist.Target.LINE;
        default -> SecretAllowlist.Target.SECRET;
      };
      var regexes = new ArrayList<Pattern>();
      for (JsonNode re : a.path("regexes")) {
        try {
          regexes.add(Pattern.compile(re.asText()));
        } catch (PatternSyntaxException e) {
          problems.add(new Problem(source, ruleId, "allowlist regex does not compile as RE2: " + e.getDescription()
              + "; that regex is ignored", false));
        }
      }
      var stopwords = new ArrayList<String>();
      for (JsonNode w : a.path("stopwords")) stopwords.add(w.asText());
      boolean unsupported = a.path("paths").size() > 0 || a.path("commits").size() > 0;
      if (unsupported) {
        problems.add(new Problem(source, ruleId, "allowlist 'paths'/'commits' do not apply to tool content and are ignored", false));
      }
      if (a.has("targetRules")) {
        problems.add(new Problem(source, ruleId, "allowlist 'targetRules' is not supported; the allowlist applies to every rule", false));
      }
      return new SecretAllowlist(condition.equals("AND"), regexes, target, stopwords, unsupported);
    }

    private static List<JsonNode> list(JsonNode parent, String single, String many) {
      var out = new ArrayList<JsonNode>();
      JsonNode one = parent.get(single);
      if (one != null && one.isObject()) out.add(one);
      JsonNode several = parent.get(many);
      if (several != null && several.isArray()) several.forEach(out::add);
      return out;
    }

    private void unknownKeys(JsonNode node, Set<String> known, String source, String ruleId) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!known.contains(key)) problems.add(new Problem(source, ruleId, "unknown key '" + key + "' is ignored", false));
      }
    }
  }
}
