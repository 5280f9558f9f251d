package dev.portcullis.policy;

import dev.portcullis.core.Decision;
import dev.portcullis.core.Decision.Effect;
import dev.portcullis.core.PolicyEngine.PolicyRequest;

/** The sentences decisions and traces explain themselves with. They name rules, methods, tools and agents, never argument values. */
final class Explanations {
  private Explanations() {}

  /** The decision of a rule that applied; {@code error} is set when its condition failed (fail closed). */
  static Decision applied(Rule rule, PolicyRequest request, String error, String version) {
    var sb = new StringBuilder(rule.label()).append(' ').append(verb(rule.effect())).append(' ');
    call(sb, request);
    if (error != null) {
      sb.append("; its condition failed to evaluate (").append(error).append("), so the rule applies (fail closed)");
    } else if (rule.when() != null) {
      sb.append("; its condition holds");
    }
    return new Decision(rule.effect(), rule.id(), sb.toString(), version);
  }

  /** Why nothing allowed the call; names the first allow rule skipped because its condition failed. */
  static String noRule(PolicyRequest request, Rule skipped, String error) {
    var sb = new StringBuilder("no rule allows ");
    call(sb, request);
    if (skipped != null) {
      sb.append("; rule '").append(skipped.id()).append("' was not counted because its condition failed to evaluate (")
          .append(error).append(')');
    }
    return sb.toString();
  }

  /** Why a rule's targets did not match. */
  static String missedTarget(Rule rule, String method, String tool, String agent) {
    if (!rule.methods().contains(method)) return "method '" + method + "' is not in " + rule.methods().stream().sorted().toList();
    if (!rule.targetsTool(tool)) return tool == null ? "the rule targets tools and the call has none" : "tool '" + tool + "' is not in " + rule.tools();
    return agent == null ? "the call has no agent" : "agent '" + agent + "' is not in " + rule.agents();
  }

  private static String verb(Effect effect) {
    return switch (effect) {
      case ALLOW -> "allows";
      case DENY -> "forbids";
      case REQUIRE_APPROVAL -> "requires approval for";
    };
  }

  private static void call(StringBuilder sb, PolicyRequest request) {
    sb.append(request.method());
    if (request.tool() != null) sb.append(" of '").append(request.tool().name()).append('\'');
    sb.append(" by agent '").append(request.principal() == null ? "?" : request.principal().agentId()).append('\'');
  }
}
