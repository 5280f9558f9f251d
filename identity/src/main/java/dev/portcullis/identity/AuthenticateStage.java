package dev.portcullis.identity;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Principal;
import dev.portcullis.core.Stage;
import dev.portcullis.core.state.AgentRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first stage of the request path: authenticates the agent from its bearer token, sets the
 * exchange's principal, notes the agent for audit, and records when the agent was last seen.
 *
 * <p>Last-seen is written at most once per {@link #TOUCH_INTERVAL} per agent, not on every call;
 * the throttle is in memory, so each replica writes on its own schedule. A failed write fails the
 * exchange (closed), and is retried on the next call.
 */
public final class AuthenticateStage implements Stage {
  /** The shortest interval between two last-seen writes for one agent. */
  static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  private final AgentTokenVerifier verifier;
  private final AgentRepository agents;
  private final InstantSource clock;
  private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();

  /** A stage verifying tokens with {@code verifier} and recording last-seen times in {@code agents}. */
  public AuthenticateStage(AgentTokenVerifier verifier, AgentRepository agents, InstantSource clock) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.agents = Objects.requireNonNull(agents, "agents");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() { return "authenticate"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    String bearer = exchange.credentials().bearer();
    if (bearer == null || bearer.isBlank()) throw Rejection.of("missing bearer token");
    Principal principal = verifier.verify(bearer);
    exchange.authenticate(principal);
    touch(principal.agentId());
    exchange.note("agent", principal.agentId());
    return chain.proceed(exchange);
  }

  private void touch(String agentId) {
    // Registered agents only reach here (the verifier looked them up), so the map stays bounded.
    Instant now = clock.instant();
    Instant last = lastTouched.get(agentId);
    if (last != null && now.isBefore(last.plus(TOUCH_INTERVAL))) return;
    agents.touch(agentId, now);
    lastTouched.put(agentId, now);
  }
}
