package dev.portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.server.config.TestConfigs.Gateway;
import dev.portcullis.server.config.TestConfigs.Limits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlBinderErrorsTest {
  private final YamlBinder binder = new YamlBinder();

  private List<ConfigProblem> problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> binder.bind("g.yaml", yaml, Gateway.class)).problems();
  }

  @Test
  void unknownKey_isReportedAtTheKey_withAHint() {
    assertThat(problems("name: x\nlimits:\n  maxCalls: 3\n")).containsExactly(
        new ConfigProblem("g.yaml", 3, 3, "unknown key 'maxCalls' (did you mean 'max-calls'?)"));
    assertThat(problems("name: x\nbogus: 1\n").getFirst().message()).startsWith("unknown key 'bogus'; known keys: name, port,");
    assertThat(problems("name: x\nlimts: {}\n").getFirst().message()).isEqualTo("unknown key 'limts' (did you mean 'limits'?)");
  }

  @Test
  void wrongScalarType_isReportedAtTheValue() {
    assertThat(problems("name: x\nport: eighty\n"))
        .containsExactly(new ConfigProblem("g.yaml", 2, 7, "expected an integer, found 'eighty'"));
    assertThat(problems("name: x\ndebug: 'true'\n"))
        .containsExactly(new ConfigProblem("g.yaml", 2, 8, "expected true or false, found 'true'"));
    assertThat(problems("name: x\nworkers: 3000000000\n"))
        .containsExactly(new ConfigProblem("g.yaml", 2, 10, "expected an integer from -2147483648 to 2147483647, found '3000000000'"));
  }

  @Test
  void wrongNodeKind_isReported() {
    assertThat(problems("name: [a, b]\nupstreams: github\nlabels: [x]\n")).containsExactly(
        new ConfigProblem("g.yaml", 1, 7, "expected a string, found a list"),
        new ConfigProblem("g.yaml", 2, 12, "expected a list, found a single value"),
        new ConfigProblem("g.yaml", 3, 9, "expected a mapping, found a list"));
  }

  @Test
  void badDuration_isReported() {
    assertThat(problems("name: x\ntimeout: 30\nlimits:\n  per-tool:\n    a: 5 minutes\n")).containsExactly(
        new ConfigProblem("g.yaml", 2, 10, "expected a duration such as 500ms, 30s, 5m, 1h or 2d, found '30'"),
        new ConfigProblem("g.yaml", 5, 8, "expected a duration such as 500ms, 30s, 5m, 1h or 2d, found '5 minutes'"));
  }

  @Test
  void badEnum_listsTheAllowedValues() {
    assertThat(problems("name: x\nmode: REQUIRE_APPROVAL\n")).containsExactly(new ConfigProblem("g.yaml", 2, 7,
        "expected one of allow, deny, require-approval, found 'REQUIRE_APPROVAL'"));
  }

  @Test
  void duplicateKey_isReportedAtTheSecondOccurrence() {
    assertThat(problems("name: x\nport: 1\nlabels:\n  a: b\n  a: c\nport: 2\n")).containsExactly(
        new ConfigProblem("g.yaml", 5, 3, "duplicate key 'a' (first at line 4)"),
        new ConfigProblem("g.yaml", 6, 1, "duplicate key 'port' (first at line 2)"));
  }

  @Test
  void missingRequiredKey_isReportedAtItsMapping() {
    assertThat(problems("port: 1\nupstreams:\n  - base-url: http://a\n  - name:\n")).containsExactly(
        new ConfigProblem("g.yaml", 1, 1, "missing required key 'name'"),
        new ConfigProblem("g.yaml", 3, 5, "missing required key 'name'"),
        new ConfigProblem("g.yaml", 4, 10, "missing required key 'name'"));
    assertThat(catchThrowableOfType(ConfigException.class, () -> binder.bind("e.yaml", "", Gateway.class)).problems())
        .containsExactly(new ConfigProblem("e.yaml", 1, 1, "missing required key 'name'"));
  }

  @Test
  void constructorValidation_isReportedAtTheRecord() {
    assertThat(problems("# gateway\nname: x\nport: 70000\n")).containsExactly(
        new ConfigProblem("g.yaml", 2, 1, "port must be between 0 and 65535, was 70000"));
  }

  @Test
  void inlineSecretValue_isRejectedWithoutBeingShown() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> binder.bind("g.yaml", "name: x\ntoken: ghp_s3cr3tvalue\n", Gateway.class));

    assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::column).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2, 8));
    assertThat(e.getMessage()).contains("${env:NAME}").doesNotContain("ghp_s3cr3tvalue");
  }

  @Test
  void everyProblem_isReportedAtOnce_inDocumentOrder() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> binder.bind("g.yaml", """
        port: 8080
        timeout: soon
        upstreams:
          - name: a
            timeout: 1x
            colour: red
        mode: maybe
        """, Gateway.class));

    assertThat(e.problems()).extracting(p -> p.line() + ":" + p.column())
        .containsExactly("1:1", "2:10", "5:14", "6:5", "7:7");
    assertThat(e.problems().getFirst().message()).isEqualTo("missing required key 'name'");
    assertThat(e.getMessage().lines()).hasSize(5);
    assertThat(e.getMessage().lines().toList().get(3)).isEqualTo("g.yaml:6:5: unknown key 'colour'; known keys: "
        + "name, base-url, tools, timeout, api-key");
  }

  @Test
  void syntaxError_isReportedWithPosition_withoutQuotingTheLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> binder.bind("g.yaml", "name: x\nlabels: [a, hunter2\nport: 1\n", Gateway.class));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().getFirst().line()).isEqualTo(3);
    assertThat(e.problems().getFirst().column()).isEqualTo(5);
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void listItemWithoutValue_isReported() {
    assertThat(catchThrowableOfType(ConfigException.class,
        () -> binder.bind("l.yaml", "modes:\n  - allow\n  -\n", Limits.class)).problems())
        .containsExactly(new ConfigProblem("l.yaml", 3, 4, "a list item must have a value"));
  }

  @Test
  void missingFile_isAProblemOfTheWholeFile(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> binder.bind(file, Gateway.class));

    assertThat(e.problems()).containsExactly(new ConfigProblem(file.toString(), 0, 0, "cannot read: no such file"));
    assertThat(e.getMessage()).isEqualTo(file + ": cannot read: no such file");
  }

  @Test
  void problem_printsFileLineColumnMessage() {
    assertThat(new ConfigProblem("a.yaml", 3, 7, "bad")).hasToString("a.yaml:3:7: bad");
  }
}
