package dev.portcullis.policy;

import dev.portcullis.core.Decision;
import dev.portcullis.core.Decision.Effect;
import dev.portcullis.core.PolicyEngine.PolicyRequest;
import dev.portcullis.core.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a request against a {@link PolicySet}: forbid wins over require-approval, which wins
 * over permit; nothing applying denies.
 *
 * <p>A condition that fails to evaluate counts as true for deny and require_approval rules (fail
 * closed) and as false for allow rules. The walk stops at the first rule that applies, since each
 * candidate list is sorted by effect priority; variables are built once per request, on first use.
 *
 * <p>Protocol methods ({@link #PROTOCOL_METHODS}) carry no data and must work for a client to
 * connect; they are allowed when no rule applies, and rules listing them in {@code methods} can
 * forbid them. Every other method, tools/call included, is denied when no rule applies: a method
 * the gateway comes to forward later (resources/read, prompts/get, ...) is closed until a rule
 * opens it. tools/list is a protocol method: its result is filtered by {@link #mayList}.
 */
final class RuleEvaluator {
  /** Methods allowed when no rule applies. */
  static final Set<String> PROTOCOL_METHODS = Set.of("initialize", "notifications/initialized", "ping",
      "notifications/cancelled", "tools/list", "server/discover");

  private static final String TOOLS_CALL = "tools/call";

  private RuleEvaluator() {}

  static Decision decide(PolicySet set, PolicyRequest request, CallLabels labels) {
    Principal principal = request.principal();
    if (principal == null) {
      return new Decision(Effect.DENY, null, "the call has no authenticated principal", set.version());
    }
    String method = request.method();
    String tool = request.tool() == null ? null : request.tool().name();
    String agent = principal.agentId();
    PolicyVariables variables = null;
    Rule skipped = null;
    String skippedError = null;
    for (Rule rule : set.candidates(tool)) {
      if (!rule.targets(method, tool, agent)) continue;
      if (rule.condition() == null) return Explanations.applied(rule, request, null, set.version());
      if (variables == null) variables = new PolicyVariables(request, labels);
      try {
        if (CelConditions.evaluate(rule.condition(), variables)) {
          return Explanations.applied(rule, request, null, set.version());
        }
      } catch (Exception e) {
        String error = describe(e, rule.when());
        if (rule.effect() != Effect.ALLOW) return Explanations.applied(rule, request, error, set.version());
        if (skipped == null) {
          skipped = rule;
          skippedError = error;
        }
      }
    }
    if (PROTOCOL_METHODS.contains(method)) {
      return new Decision(Effect.ALLOW, null, "protocol method '" + method + "': no rule forbids it", set.version());
    }
    return new Decision(Effect.DENY, null, Explanations.noRule(request, skipped, skippedError), set.version());
  }

  /**
   * Whether a tool may appear in tools/list: some allow or require_approval rule targets it for
   * this agent (conditions ignored: arguments and their flow are unknown) and no unconditional
   * deny rule does.
   */
  static boolean mayList(PolicySet set, PolicyRequest request) {
    if (request.principal() == null || request.tool() == null) return false;
    String tool = request.tool().name();
    String agent = request.principal().agentId();
    for (Rule rule : set.candidates(tool)) {
      if (!rule.methods().contains(TOOLS_CALL) || !rule.targetsTool(tool) || !rule.targetsAgent(agent)) continue;
      if (rule.effect() == Effect.DENY) {
        if (rule.condition() == null) return false;
      } else {
        return true; // every deny rule sorts before this one, and none was unconditional
      }
    }
    return false;
  }

  /** How every candidate rule fares, in evaluation order, without stopping at the first that applies. */
  static List<RuleTrace> trace(PolicySet set, PolicyRequest request, CallLabels labels) {
    String method = request.method();
    String tool = request.tool() == null ? null : request.tool().name();
    String agent = request.principal() == null ? null : request.principal().agentId();
    var variables = new PolicyVariables(request, labels);
    var out = new ArrayList<RuleTrace>();
    for (Rule rule : set.candidates(tool)) {
      if (!rule.targets(method, tool, agent)) {
        out.add(new RuleTrace(rule.id(), rule.effect(), false, RuleTrace.Condition.NOT_EVALUATED, false,
            Explanations.missedTarget(rule, method, tool, agent)));
      } else if (rule.condition() == null) {
        out.add(new RuleTrace(rule.id(), rule.effect(), true, RuleTrace.Condition.ABSENT, true, "targets match; no condition"));
      } else {
        try {
          boolean holds = CelConditions.evaluate(rule.condition(), variables);
          out.add(new RuleTrace(rule.id(), rule.effect(), true, holds ? RuleTrace.Condition.TRUE : RuleTrace.Condition.FALSE,
              holds, holds ? "targets match; condition holds" : "targets match; condition is false"));
        } catch (Exception e) {
          boolean applies = rule.effect() != Effect.ALLOW;
          out.add(new RuleTrace(rule.id(), rule.effect(), true, RuleTrace.Condition.ERROR, applies,
              "targets match; condition failed to evaluate (" + describe(e, rule.when()) + "), so the rule "
                  + (applies ? "applies (fail closed)" : "does not allow")));
        }
      }
    }
    return out;
  }

  private static final Pattern LOCATION = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?:\\s*");
  private static final Pattern MISSING_KEY = Pattern.compile("^key '([^']*)' is not present in map\\.?$");
  private static final Pattern NO_OVERLOAD =
      Pattern.compile("^No matching overload for function '[^']{1,40}'\\.(?: Overload candidates: [\\w, ]{1,200})?$");

  /**
   * The error of a failed condition, fit for audit. CEL's messages can quote argument values
   * (a bad number, a regular expression, a map key), so only known shapes are passed on: a
   * missing key (named only when the rule's own condition names it), a missing overload, and
   * this module's own messages. Anything else is reduced to the kind of failure.
   */
  static String describe(Exception e, String when) {
    String message = e.getMessage() == null ? "" : LOCATION.matcher(e.getMessage()).replaceFirst("").strip();
    Matcher key = MISSING_KEY.matcher(message);
    if (key.matches()) {
      String name = key.group(1);
      return "key " + (!name.isEmpty() && when != null && when.contains(name) ? "'" + name + "'" : "'…'")
          + " is not present in map";
    }
    if (NO_OVERLOAD.matcher(message).matches() || message.equals(PolicyVariables.NO_TIME)
        || message.startsWith(CelConditions.NOT_BOOL)) {
      return message;
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return "evaluation failed (" + cause.getClass().getSimpleName() + ")";
  }
}
