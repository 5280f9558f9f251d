package dev.portcullis.policy;

import dev.portcullis.core.Decision;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.PolicyEngine.PolicyRequest;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The authorize stage: asks the policy engine about the call, records the decision on the
 * exchange, and stops the exchange when it is denied. A call that requires approval proceeds
 * with that decision recorded; the approve stage after this one holds it for a human. For
 * tools/list, it also narrows the visible tools to those the agent may see.
 *
 * <p>Besides the request, policy sees the call's labels ({@link CallLabels#of}): the tool's
 * registered labels and the flow of its arguments, which the flow stage just before this one
 * computed. A listing calls no tool and has no arguments, so it is decided without labels.
 */
public final class AuthorizeStage implements Stage {
  private static final String NAME = "authorize";

  private final CelPolicyEngine engine;
  private final InstantSource clock;

  /** A stage deciding with {@code engine} at the times {@code clock} gives. */
  public AuthorizeStage(CelPolicyEngine engine, InstantSource clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() { return NAME; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    if (exchange.principal() == null) {
      throw new GatewayException(new GatewayError.Internal("stage '" + NAME + "' ran before the caller was authenticated"));
    }
    String method = exchange.request().method();
    boolean call = method.equals("tools/call");
    if (call && exchange.tool() == null) {
      throw new GatewayException(new GatewayError.Internal("stage '" + NAME + "' ran before the tool was resolved"));
    }
    var request = new PolicyRequest(method, exchange.principal(), call ? exchange.tool() : null,
        call ? exchange.arguments() : Map.of(), exchange.session(), clock.instant());
    Decision decision = engine.decide(request, call ? CallLabels.of(exchange) : CallLabels.NONE);
    exchange.decide(decision);
    exchange.note("policy", note(decision));
    if (decision.effect() == Decision.Effect.DENY) {
      throw new GatewayException(new GatewayError.PolicyDenied(decision.rule(), decision.reason()));
    }
    if (method.equals("tools/list")) exchange.showTools(listable(exchange, request));
    return chain.proceed(exchange);
  }

  private List<ToolDefinition> listable(Exchange exchange, PolicyRequest list) {
    var visible = new ArrayList<ToolDefinition>();
    for (ToolDefinition tool : exchange.visibleTools()) {
      var probe = new PolicyRequest(list.method(), list.principal(), tool, Map.of(), list.session(), list.time());
      if (engine.mayList(probe)) visible.add(tool);
    }
    return visible;
  }

  private static Map<String, Object> note(Decision decision) {
    var note = new LinkedHashMap<String, Object>();
    note.put("effect", decision.effect().name());
    note.put("rule", decision.rule());
    note.put("version", decision.policyVersion());
    return Collections.unmodifiableMap(note);
  }
}
