package dev.portcullis.policy;

import static dev.portcullis.policy.Requests.call;
import static dev.portcullis.policy.Requests.engine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.Decision;
import dev.portcullis.core.Decision.Effect;
import dev.portcullis.core.PolicyEngine.PolicyRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelPolicyEngineTest {

  private static final String ECHO_AND_FORBID = """
      rules:
        - id: echo-for-everyone
          effect: allow
          description: Anyone may echo
          tools: ["everything.echo"]
        - id: no-bots-echo
          effect: deny
          description: Bots may not echo
          agents: ["bot-*"]
          tools: ["everything.*"]
      """;

  @Test
  void decide_denyAndAllowBothApply_forbidWins() throws Exception {
    Decision d = engine(ECHO_AND_FORBID).decide(call("bot-7", "everything.echo"));

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.rule()).isEqualTo("no-bots-echo");
    assertThat(d.reason()).contains("Bots may not echo").contains("everything.echo").contains("bot-7");
  }

  @Test
  void decide_onlyAllowApplies_allowsWithRuleAndVersion() throws Exception {
    var engine = engine(ECHO_AND_FORBID);
    Decision d = engine.decide(call("invoice-bot", "everything.echo"));

    assertThat(d.effect()).isEqualTo(Effect.ALLOW);
    assertThat(d.rule()).isEqualTo("echo-for-everyone");
    assertThat(d.reason()).contains("Anyone may echo");
    assertThat(d.policyVersion()).startsWith("sha256:").isEqualTo(engine.version());
  }

  @Test
  void decide_noRuleMatches_deniesWithoutRule() throws Exception {
    Decision d = engine(ECHO_AND_FORBID).decide(call("invoice-bot", "memory.read"));

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.rule()).isNull();
    assertThat(d.reason()).isEqualTo("no rule allows tools/call of 'memory.read' by agent 'invoice-bot'");
  }

  @Test
  void decide_approvalAndAllowApply_requiresApproval() throws Exception {
    var engine = engine("""
        rules:
          - id: payments
            effect: allow
            tools: ["pay.*"]
          - id: big-payments
            effect: require_approval
            description: Large payments need a human
            tools: ["pay.transfer"]
            when: 'args.amount >= 1000'
        """);

    Decision big = engine.decide(call("invoice-bot", "pay.transfer", Map.of("amount", 5000)));
    Decision small = engine.decide(call("invoice-bot", "pay.transfer", Map.of("amount", 10)));

    assertThat(big.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(big.rule()).isEqualTo("big-payments");
    assertThat(big.reason()).contains("requires approval").contains("condition holds");
    assertThat(small.effect()).isEqualTo(Effect.ALLOW);
    assertThat(small.rule()).isEqualTo("payments");
  }

  @Test
  void decide_conditionsSeeAgentToolArgsSessionAndTime() throws Exception {
    var engine = engine("""
        rules:
          - id: everything
            effect: allow
            when: >-
              agent.owner == 'alice' && agent.labels['env'] == 'prod' && agent.id.startsWith('invoice')
              && tool.upstream == 'fs' && tool.upstreamName == 'write' && tool.annotations.destructiveHint == false
              && args.size == 3 && args.ratio < 0.5 && session.tainted == false && method == 'tools/call'
              && now > timestamp('2026-01-01T00:00:00Z')
        """);

    var ok = new PolicyRequest("tools/call", Requests.agent("invoice-bot"), Requests.tool("fs.write"),
        Map.of("size", 3, "ratio", 0.25f), Map.of("tainted", false), Requests.NOW);
    var tainted = new PolicyRequest("tools/call", Requests.agent("invoice-bot"), Requests.tool("fs.write"),
        Map.of("size", 3L, "ratio", 0.25), Map.of("tainted", true), Requests.NOW);

    Decision allowed = engine.decide(ok);
    assertThat(allowed.effect()).as(allowed.reason()).isEqualTo(Effect.ALLOW);
    assertThat(engine.decide(tainted).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void decide_denyConditionFailsToEvaluate_deniesFailClosed() throws Exception {
    var engine = engine("""
        rules:
          - id: open
            effect: allow
          - id: no-secret-paths
            effect: deny
            when: 'args.path.startsWith("/etc")'
        """);

    Decision d = engine.decide(call("bot", "fs.read", Map.of("file", "/etc/passwd")));

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.rule()).isEqualTo("no-secret-paths");
    assertThat(d.reason()).contains("failed to evaluate").contains("fail closed").doesNotContain("/etc/passwd");
  }

  @Test
  void decide_allowConditionFailsToEvaluate_doesNotAllow() throws Exception {
    var engine = engine("""
        rules:
          - id: small-reads
            effect: allow
            when: 'args.limit < 100'
        """);

    Decision d = engine.decide(call("bot", "fs.read", Map.of("limit", "many")));

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.rule()).isNull();
    assertThat(d.reason()).contains("'small-reads' was not counted").contains("failed to evaluate")
        .doesNotContain("many");
  }

  @Test
  void decide_approvalConditionFailsToEvaluate_requiresApproval() throws Exception {
    var engine = engine("""
        rules:
          - id: open
            effect: allow
          - id: big
            effect: require_approval
            when: 'args.amount > 10'
        """);

    assertThat(engine.decide(call("bot", "pay.transfer")).effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
  }

  @Test
  void decide_exactGlobAndAbsentToolRules_eachMatchOnlyTheirTools() throws Exception {
    var engine = engine("""
        rules:
          - id: exact
            effect: allow
            tools: ["fs.read", "fs.stat"]
          - id: memory-any
            effect: allow
            tools: ["memory.*"]
          - id: middle
            effect: allow
            tools: ["git.*.status"]
          - id: admin-anything
            effect: allow
            agents: ["admin"]
        """);

    assertThat(engine.decide(call("bot", "fs.stat")).rule()).isEqualTo("exact");
    assertThat(engine.decide(call("bot", "fs.write")).effect()).isEqualTo(Effect.DENY);
    assertThat(engine.decide(call("bot", "memory.store.put")).rule()).isEqualTo("memory-any");
    assertThat(engine.decide(call("bot", "git.repo.status")).rule()).isEqualTo("middle");
    assertThat(engine.decide(call("bot", "git.status")).effect()).isEqualTo(Effect.DENY);
    assertThat(engine.decide(call("admin", "fs.write")).rule()).isEqualTo("admin-anything");
    assertThat(engine.decide(call("admin-2", "fs.write")).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void decide_twoDenyRulesApply_firstInLoadOrderDecides() throws Exception {
    var engine = engine("""
        rules:
          - id: open
            effect: allow
          - id: deny-wide
            effect: deny
          - id: deny-exact
            effect: deny
            tools: ["fs.rm"]
        """);

    assertThat(engine.decide(call("bot", "fs.rm")).rule()).isEqualTo("deny-wide");
  }

  @Test
  void decide_protocolMethodWithoutRule_allowsButOtherMethodsDeny() throws Exception {
    var engine = engine("""
        rules:
          - id: no-ping-for-bots
            effect: deny
            agents: ["bot"]
            methods: ["ping"]
          - id: resources-for-reader
            effect: allow
            agents: ["reader"]
            methods: ["resources/read"]
        """);

    assertThat(engine.decide(Requests.method("alice-agent", "initialize")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(engine.decide(Requests.method("alice-agent", "initialize")).reason()).startsWith("protocol method");
    assertThat(engine.decide(Requests.method("bot", "ping")).rule()).isEqualTo("no-ping-for-bots");
    assertThat(engine.decide(Requests.method("bot", "resources/read")).effect()).isEqualTo(Effect.DENY);
    assertThat(engine.decide(Requests.method("reader", "resources/read")).rule()).isEqualTo("resources-for-reader");
  }

  @Test
  void decide_noPrincipal_denies() throws Exception {
    var request = new PolicyRequest("tools/call", null, Requests.tool("everything.echo"), Map.of(), Map.of(), Requests.NOW);

    assertThat(engine(ECHO_AND_FORBID).decide(request).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void mayList_allowOrApprovalTargetsTool_listsUnlessUnconditionalDeny() throws Exception {
    var engine = engine("""
        rules:
          - id: fs
            effect: allow
            tools: ["fs.*"]
          - id: pay
            effect: require_approval
            tools: ["pay.transfer"]
            when: 'args.amount > 100'
          - id: no-rm
            effect: deny
            tools: ["fs.rm"]
          - id: no-big-writes
            effect: deny
            tools: ["fs.write"]
            when: 'args.size > 10'
          - id: bots-no-read
            effect: deny
            agents: ["bot"]
            tools: ["fs.read"]
        """);

    assertThat(engine.mayList(Requests.listing("alice-agent", "fs.read"))).isTrue();
    assertThat(engine.mayList(Requests.listing("alice-agent", "pay.transfer"))).isTrue();
    assertThat(engine.mayList(Requests.listing("alice-agent", "fs.write"))).isTrue();
    assertThat(engine.mayList(Requests.listing("alice-agent", "fs.rm"))).isFalse();
    assertThat(engine.mayList(Requests.listing("bot", "fs.read"))).isFalse();
    assertThat(engine.mayList(Requests.listing("alice-agent", "mail.send"))).isFalse();
  }

  @Test
  void trace_everyCandidate_showsTargetAndConditionOutcome() throws Exception {
    var engine = engine("""
        rules:
          - id: open
            effect: allow
          - id: small
            effect: allow
            when: 'args.n < 10'
          - id: bots
            effect: deny
            agents: ["bot"]
          - id: broken
            effect: deny
            when: 'args.missing == 1'
        """);

    List<RuleTrace> trace = engine.trace(call("alice-agent", "fs.read", Map.of("n", 50)));

    assertThat(trace).extracting(RuleTrace::rule).containsExactly("bots", "broken", "open", "small");
    assertThat(trace.get(0).targetMatched()).isFalse();
    assertThat(trace.get(1).condition()).isEqualTo(RuleTrace.Condition.ERROR);
    assertThat(trace.get(1).applies()).isTrue();
    assertThat(trace.get(1).detail()).contains("'missing'");
    assertThat(trace.get(2).condition()).isEqualTo(RuleTrace.Condition.ABSENT);
    assertThat(trace.get(3).condition()).isEqualTo(RuleTrace.Condition.FALSE);
    assertThat(engine.explain(call("alice-agent", "fs.read", Map.of("n", 50))).rule()).isEqualTo("broken");
  }

  @Test
  void version_sameRulesDifferentComments_isEqual_changedRule_differs() throws Exception {
    String a = engine("rules:\n  - id: r\n    effect: allow\n").version();
    String b = engine("# comment\nrules:\n  - {id: r, effect: allow}  # inline\n").version();
    String c = engine("rules:\n  - id: r\n    effect: deny\n").version();

    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }
}
