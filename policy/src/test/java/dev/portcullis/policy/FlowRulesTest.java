package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.ArgumentFlow;
import dev.portcullis.core.Decision;
import dev.portcullis.core.Decision.Effect;
import dev.portcullis.core.PolicyEngine.PolicyRequest;
import dev.portcullis.core.ToolLabels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules over tool labels, argument flow and session labels: the structural defences against injected instructions. */
class FlowRulesTest {
  private static final String POLICY = """
      rules:
        - id: assistant
          effect: allow
          agents: ["assistant"]
        - id: consequential-needs-trusted-args
          effect: require_approval
          description: Consequential tools act only on arguments of trusted origin, or a human looks
          when: 'tool.consequential && size(flow.untrusted_args) > 0'
        - id: personal-stays-where-allowed
          effect: deny
          description: Personal data flows only to tools that may receive it
          when: '"personal" in flow.labels && !("personal" in tool.receives)'
      """;

  private static final ToolLabels BANK = new ToolLabels(true, "trusted", "secret", Set.of("public", "internal", "personal"));
  private static final ToolLabels WEB_POST = new ToolLabels(true, "untrusted", "public", Set.of("public"));
  private static final ToolLabels SEARCH = new ToolLabels(false, "untrusted", "public", Set.of("public", "internal"));

  private static Decision decide(String yaml, String tool, ToolLabels labels, ArgumentFlow flow) throws Exception {
    return Requests.engine(yaml).decide(Requests.call("assistant", tool), new CallLabels(labels, flow));
  }

  private static ArgumentFlow flow(String path, String... labels) { return new ArgumentFlow(Map.of(path, Set.of(labels))); }

  @Test
  void consequentialToolWithUntrustedArgument_requiresApproval() throws Exception {
    Decision d = decide(POLICY, "bank.send_money", BANK, flow("recipient", "untrusted", "internal"));

    assertThat(d.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(d.rule()).isEqualTo("consequential-needs-trusted-args");
  }

  @Test
  void consequentialToolWithCleanArguments_isAllowed() throws Exception {
    assertThat(decide(POLICY, "bank.send_money", BANK, ArgumentFlow.CLEAN).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void harmlessToolWithUntrustedArgument_isAllowed() throws Exception {
    assertThat(decide(POLICY, "web.search", SEARCH, flow("query", "untrusted", "public")).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void personalDataToAToolThatDoesNotReceiveIt_isDenied() throws Exception {
    Decision d = decide(POLICY, "web.post", WEB_POST, flow("body", "personal"));

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.rule()).isEqualTo("personal-stays-where-allowed");
    assertThat(d.reason()).contains("Personal data flows only");
  }

  @Test
  void personalDataToAToolThatReceivesIt_isAllowed() throws Exception {
    assertThat(decide(POLICY, "bank.send_money", BANK, flow("recipient", "personal")).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void argumentLabelsByPath_andSessionLabels_areReadable() throws Exception {
    String yaml = """
        rules:
          - id: all
            effect: allow
          - id: recipient-from-untrusted
            effect: deny
            when: '"recipient" in flow.arg_labels && "untrusted" in flow.arg_labels["recipient"]'
          - id: secret-session-no-web
            effect: deny
            when: '"secret" in session.labels && tool.source == "untrusted"'
        """;
    var engine = Requests.engine(yaml);
    var call = Requests.call("assistant", "bank.send_money");

    assertThat(engine.decide(call, new CallLabels(BANK, flow("memo", "untrusted"))).effect()).isEqualTo(Effect.ALLOW);
    assertThat(engine.decide(call, new CallLabels(BANK, flow("recipient", "untrusted"))).rule()).isEqualTo("recipient-from-untrusted");

    var afterSecret = new PolicyRequest("tools/call", Requests.agent("assistant"), Requests.tool("web.search"), Map.of(),
        Map.of("labels", List.of("secret", "untrusted")), Requests.NOW);
    assertThat(engine.decide(afterSecret, new CallLabels(SEARCH, ArgumentFlow.CLEAN)).rule()).isEqualTo("secret-session-no-web");
    assertThat(engine.decide(afterSecret, new CallLabels(BANK, ArgumentFlow.CLEAN)).effect()).isEqualTo(Effect.ALLOW);
  }

  private static final String GUARDED_POLICY = """
      rules:
        - id: assistant
          effect: allow
          agents: ["assistant"]
        - id: guarded-needs-trusted-args
          effect: require_approval
          when: 'tool.consequential && size(flow.untrusted_guarded_args) > 0'
      """;
  private static final ToolLabels MAIL = new ToolLabels(true, "trusted", "internal", Set.of("public", "internal"),
      Set.of("recipients"), Set.of());

  @Test
  void untrustedBodyOfAToolWithGuardedRecipients_isAllowed() throws Exception {
    Decision d = decide(GUARDED_POLICY, "mail.send", MAIL, flow("body", "untrusted", "internal"));

    assertThat(d.effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void untrustedRecipientInsideAGuardedList_requiresApproval() throws Exception {
    Decision d = decide(GUARDED_POLICY, "mail.send", MAIL, flow("recipients[1]", "untrusted"));

    assertThat(d.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(d.rule()).isEqualTo("guarded-needs-trusted-args");
  }

  @Test
  void untrustedLinkInFreeText_requiresApproval() throws Exception {
    Decision d = decide(GUARDED_POLICY, "mail.send", MAIL, flow("body", "untrusted", ArgumentFlow.UNTRUSTED_LINK));

    assertThat(d.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
  }

  @Test
  void untracedLinkInFreeText_requiresApproval() throws Exception {
    Decision d = decide(GUARDED_POLICY, "mail.send", MAIL, flow("body", "untrusted", ArgumentFlow.UNTRACED_LINK));

    assertThat(d.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
  }

  @Test
  void toolWithoutGuardedNames_guardsEveryArgument() throws Exception {
    Decision d = decide(GUARDED_POLICY, "bank.send_money", BANK, flow("subject", "untrusted"));

    assertThat(d.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
  }

  @Test
  void toolFieldsCarryTheRegisteredLabels() throws Exception {
    String yaml = """
        rules:
          - id: exact
            effect: allow
            when: >-
              tool.consequential && tool.source == "trusted" && tool.confidentiality == "secret"
              && tool.receives == ["internal", "personal", "public"] && flow.labels == [] && flow.untrusted_args == []
        """;

    assertThat(decide(yaml, "bank.send_money", BANK, ArgumentFlow.CLEAN).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void decideWithoutLabels_seesAnUnlabelledToolAndACleanFlow() throws Exception {
    var engine = Requests.engine("""
        rules:
          - id: unlabelled
            effect: allow
            when: >-
              !tool.consequential && tool.source == "untrusted" && tool.confidentiality == "internal"
              && tool.receives == ["internal", "public"] && size(flow.arg_labels) == 0
        """);

    assertThat(engine.decide(Requests.call("assistant", "fs.read")).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void toolsList_withLabelRules_isAllowedAndListsTools() throws Exception {
    var engine = Requests.engine(POLICY + """
          - id: no-listing-without-tool
            effect: deny
            methods: ["tools/list"]
            when: 'tool.consequential || size(flow.labels) > 0 || tool.source != ""'
        """);

    Decision list = engine.decide(Requests.method("assistant", "tools/list"));
    assertThat(list.effect()).as(list.reason()).isEqualTo(Effect.ALLOW);
    assertThat(engine.mayList(Requests.listing("assistant", "bank.send_money"))).isTrue();
  }

  @Test
  void trace_withLabels_showsWhichConditionsHeld() throws Exception {
    var traces = Requests.engine(POLICY).trace(Requests.call("assistant", "web.post"),
        new CallLabels(WEB_POST, flow("body", "untrusted", "personal")));

    assertThat(traces).extracting(RuleTrace::rule, RuleTrace::applies).contains(
        org.assertj.core.groups.Tuple.tuple("personal-stays-where-allowed", true),
        org.assertj.core.groups.Tuple.tuple("consequential-needs-trusted-args", true));
  }
}
