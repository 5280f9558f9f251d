package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionPositionTest {

  private static PolicyProblem only(String yaml) {
    var problems = CelPolicyEngine.check("p.yaml", yaml);
    assertThat(problems).hasSize(1);
    return problems.getFirst();
  }

  @Test
  void locate_doubleQuotedWithEscapes_countsEachEscapeAsOneCharacter() {
    // The expression starts at 0-based column 11; CEL points at the '.' of '.ownr', value offset 22,
    // which the two escapes before it push to 0-based column 35.
    PolicyProblem p = only("rules:\n  - id: r\n    effect: allow\n    when: \"args.a == \\\"x\\\" && agent.ownr == 'y'\"\n");

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.column()).isEqualTo(36);
  }

  @Test
  void locate_plainScalarOverTwoLines_pointsAtTheContinuationLine() {
    PolicyProblem p = only("rules:\n  - id: r\n    effect: allow\n    when: args.a == 1 &&\n      agent.ownr == 'y'\n");

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.column()).isEqualTo(12);
  }

  @Test
  void locate_foldedBlock_pointsAtTheSourceLine() {
    PolicyProblem p = only("rules:\n  - id: r\n    effect: allow\n    when: >-\n      args.a == 1 &&\n      tool.nam == 'y'\n");

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.column()).isEqualTo(11);
  }
}
