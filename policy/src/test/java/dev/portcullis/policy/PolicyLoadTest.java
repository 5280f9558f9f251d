package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoadTest {

  @Test
  void check_typoInAgentField_isErrorAtConditionLineAndColumn() {
    List<PolicyProblem> problems = CelPolicyEngine.check("owners.yaml", """
        rules:
          - id: owner-only
            effect: allow
            when: 'agent.ownr == "alice"'
        """);

    assertThat(problems).hasSize(1);
    PolicyProblem p = problems.getFirst();
    assertThat(p.file()).isEqualTo("owners.yaml");
    assertThat(p.line()).isEqualTo(4);
    // 'when: ' starts at column 5, the quote at 11, the expression at 12; CEL reports the select at 'agent'+5.
    assertThat(p.column()).isEqualTo(17);
    assertThat(p.message()).contains("owner-only").contains("undefined field 'ownr'");
    assertThat(p.toString()).startsWith("owners.yaml:4:17: ");
  }

  @Test
  void check_typoInToolFieldInLiteralBlock_isErrorOnTheExpressionLine() {
    List<PolicyProblem> problems = CelPolicyEngine.check("tools.yaml", """
        rules:
          - id: read-only
            effect: allow
            when: |
              tool.annotations.readOnlyHint == true &&
                tool.upstrem == "fs"
        """);

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.column()).isEqualTo(13);
      assertThat(p.message()).contains("undefined field 'upstrem'");
    });
  }

  @Test
  void check_typoInToolLabelField_isError() {
    assertThat(CelPolicyEngine.check("flow.yaml", """
        rules:
          - id: trusted-args
            effect: require_approval
            when: 'tool.consequentail && size(flow.untrusted_args) > 0'
        """)).singleElement().satisfies(p -> {
          assertThat(p.line()).isEqualTo(4);
          assertThat(p.message()).contains("trusted-args").contains("undefined field 'consequentail'");
        });
  }

  @Test
  void check_typoInFlowField_isError() {
    assertThat(CelPolicyEngine.check("flow.yaml", """
        rules:
          - id: trusted-args
            effect: require_approval
            when: 'size(flow.untrusted_arg) > 0'
        """)).singleElement().satisfies(p -> assertThat(p.message()).contains("undefined field 'untrusted_arg'"));
  }

  @Test
  void check_labelFieldOfTheWrongType_isError() {
    assertThat(CelPolicyEngine.check("flow.yaml", """
        rules:
          - id: personal
            effect: deny
            when: 'tool.receives == "personal" || flow.labels > 0'
        """)).extracting(PolicyProblem::message).hasSize(2)
        .anySatisfy(m -> assertThat(m).contains("no matching overload for '_==_' applied to '(list(string), string)'"))
        .anySatisfy(m -> assertThat(m).contains("no matching overload for '_>_' applied to '(list(string), int)'"));
  }

  @Test
  void check_labelRulesSpeltRight_areValid() {
    assertThat(CelPolicyEngine.check("flow.yaml", """
        rules:
          - id: trusted-args
            effect: require_approval
            when: 'tool.consequential && size(flow.untrusted_args) > 0'
          - id: personal
            effect: deny
            when: '"personal" in flow.labels && !("personal" in tool.receives)'
          - id: recipient
            effect: deny
            when: '"recipient" in flow.arg_labels && "untrusted" in flow.arg_labels["recipient"]'
        """)).isEmpty();
  }

  @Test
  void check_conditionNotBoolean_isError() {
    assertThat(CelPolicyEngine.check("p.yaml", "rules:\n  - id: r\n    effect: allow\n    when: 'args.size()'\n"))
        .singleElement().satisfies(p -> assertThat(p.message()).contains("bool"));
  }

  @Test
  void check_unknownKey_isErrorWithLineAndColumn() {
    List<PolicyProblem> problems = CelPolicyEngine.check("p.yaml", """
        rules:
          - id: r
            effect: allow
            tool: ["everything.echo"]
        """);

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.column()).isEqualTo(5);
      assertThat(p.message()).contains("unknown key 'tool'");
    });
  }

  @Test
  void check_severalErrorsInOneFile_reportsEveryOne() {
    List<PolicyProblem> problems = CelPolicyEngine.check("bad.yaml", """
        rules:
          - id: Bad_Id
            effect: permit
          - id: no-effect
            tools: "fs.read"
          - id: typed
            effect: deny
            agents: [42]
            when: 'args.x +'
          - id: dup-key
            effect: allow
            effect: deny
        colour: blue
        """);

    assertThat(problems).extracting(PolicyProblem::line).containsExactly(2, 3, 4, 5, 8, 9, 12, 13);
    assertThat(problems).extracting(PolicyProblem::message).anySatisfy(m -> assertThat(m).contains("'Bad_Id'"))
        .anySatisfy(m -> assertThat(m).contains("'permit'"))
        .anySatisfy(m -> assertThat(m).contains("'no-effect' has no 'effect'"))
        .anySatisfy(m -> assertThat(m).contains("'tools' must be a list"))
        .anySatisfy(m -> assertThat(m).contains("agents entry must be a string, not a number"))
        .anySatisfy(m -> assertThat(m).contains("condition of rule 'typed'"))
        .anySatisfy(m -> assertThat(m).contains("duplicate key 'effect'"))
        .anySatisfy(m -> assertThat(m).contains("unknown key 'colour'"));
  }

  @Test
  void check_invalidYaml_reportsPosition() {
    List<PolicyProblem> problems = CelPolicyEngine.check("p.yaml", "rules:\n  - id: r\n   effect: [allow\n");

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.message()).startsWith("invalid YAML");
      assertThat(p.line()).isGreaterThanOrEqualTo(2);
    });
  }

  @Test
  void check_validFile_hasNoProblems() {
    assertThat(CelPolicyEngine.check("p.yaml", """
        rules:
          - id: echo-for-everyone
            effect: allow
            description: "Anyone may echo"
            tools: ["everything.echo", "memory.*"]
            agents: ["invoice-bot"]
            methods: ["tools/call"]
            when: 'args.message.size() < 100'
        """)).isEmpty();
  }

  @Test
  void load_duplicateIdAcrossTwoFiles_namesBothPlaces(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "rules:\n  - id: shared\n    effect: allow\n");
    Files.writeString(dir.resolve("b.yml"), "rules:\n  - id: other\n    effect: allow\n  - id: shared\n    effect: deny\n");
    Files.writeString(dir.resolve("notes.txt"), "not a policy");

    assertThatThrownBy(() -> PolicySet.load(List.of(dir)))
        .isInstanceOfSatisfying(PolicyLoadException.class, e -> {
          assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("b.yml");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("duplicate rule id 'shared'").contains("a.yaml:2:5");
          });
          assertThat(e.getMessage()).contains("b.yml:4:5: duplicate rule id 'shared'");
        });
  }

  @Test
  void load_errorsInTwoFiles_messageListsAll(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "rules:\n  - id: a\n    effect: alow\n");
    Files.writeString(dir.resolve("b.yaml"), "rules:\n  - id: b\n    effect: allow\n    when: 'agent.nme == \"x\"'\n");

    assertThatThrownBy(() -> PolicySet.load(List.of(dir, dir.resolve("missing.yaml"))))
        .isInstanceOf(PolicyLoadException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("a.yaml:3:13: effect 'alow'")
        .hasMessageContaining("b.yaml:4:")
        .hasMessageContaining("missing.yaml:1:1: no such policy file or directory");
  }

  @Test
  void load_directoryAndFiles_loadsRulesInOrder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("b.yaml"), "rules:\n  - id: second\n    effect: allow\n");
    Files.writeString(dir.resolve("a.yaml"), "rules:\n  - id: first\n    effect: allow\n");
    Files.writeString(dir.resolve("empty.yaml"), "# nothing yet\n");

    PolicySet set = PolicySet.load(List.of(dir));

    assertThat(set.ruleIds()).containsExactly("first", "second");
    assertThat(set.files()).hasSize(3);
  }
}
