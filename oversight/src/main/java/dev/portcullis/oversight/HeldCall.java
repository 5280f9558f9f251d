package dev.portcullis.oversight;

import dev.portcullis.core.CanonicalJson;
import dev.portcullis.core.Exchange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The exact call an approval is bound to: who calls which tool with which arguments, under which
 * policy version.
 *
 * @param exchangeId    the held exchange
 * @param agentId       the caller
 * @param tool          the namespaced tool, or {@code null} when the held method names none
 * @param argsDigest    {@link CanonicalJson#digest} of {@code arguments}
 * @param arguments     the arguments, shown to the approver
 * @param policyVersion the policy set that required approval
 * @param rule          the rule that required it, or {@code null}
 * @param reason        the rule's explanation
 */
public record HeldCall(String exchangeId, String agentId, String tool, String argsDigest, Map<String, Object> arguments,
                       String policyVersion, String rule, String reason) {
  public HeldCall {
    Objects.requireNonNull(exchangeId, "exchangeId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(policyVersion, "policyVersion");
    arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    if (!CanonicalJson.digest(arguments).equals(argsDigest)) {
      throw new IllegalArgumentException("argsDigest of held call " + exchangeId + " does not match its arguments");
    }
  }

  /** A held call, computing the digest of its arguments. */
  public static HeldCall of(String exchangeId, String agentId, String tool, Map<String, Object> arguments,
                            String policyVersion, String rule, String reason) {
    return new HeldCall(exchangeId, agentId, tool, CanonicalJson.digest(arguments), arguments, policyVersion, rule, reason);
  }

  /**
   * The call an exchange makes, bound to its decision.
   *
   * @throws IllegalStateException when the exchange has no principal or no decision yet
   */
  public static HeldCall of(Exchange exchange) {
    if (exchange.principal() == null) throw new IllegalStateException("a call is held only after authentication");
    if (exchange.decision() == null) throw new IllegalStateException("a call is held only after a policy decision");
    String tool = ToolNames.calledTool(exchange);
    return of(exchange.id(), exchange.principal().agentId(), tool, exchange.arguments(),
        exchange.decision().policyVersion(), exchange.decision().rule(), exchange.decision().reason());
  }
}
