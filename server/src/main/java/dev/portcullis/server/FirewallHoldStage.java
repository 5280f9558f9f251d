package dev.portcullis.server;

import dev.portcullis.core.Decision;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;

/**
 * Turns a policy allow into a hold for a human when content inspection asked for one (arguments
 * carrying what the firewall's settings say a person must see before it leaves). Deny and
 * require-approval decisions stand as they are: inspection only ever makes a call harder.
 */
final class FirewallHoldStage implements Stage {
  @Override
  public String name() { return "firewall-hold"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    String reason = exchange.get(InspectRequestStage.FIREWALL_HOLD);
    Decision decision = exchange.decision();
    if (reason != null && decision != null && decision.effect() == Decision.Effect.ALLOW) {
      exchange.decide(new Decision(Decision.Effect.REQUIRE_APPROVAL, "firewall", reason, decision.policyVersion()));
    }
    return chain.proceed(exchange);
  }
}
