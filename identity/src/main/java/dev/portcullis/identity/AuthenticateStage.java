package dev.portcullis.identity;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Principal;
import dev.portcullis.core.Stage;
import dev.portcullis.core.state.AgentInstanceRepository;
import dev.portcullis.core.state.AgentRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first stage of the request path: verifies the caller ({@link CallerVerifier}) for the
 * resource the request was sent to, sets the exchange's principal, notes who called for audit —
 * agent, instance, and under delegation the user, transaction, task and chain depth, never a
 * token — and records when the agent and the instance were last seen.
 *
 * <p>The resource is the request URL without query or fragment. Last-seen is written at most once
 * per {@link #TOUCH_INTERVAL} per agent and per instance, not on every call; the throttle is in
 * memory, so each replica writes on its own schedule. A failed write fails the exchange (closed),
 * and is retried on the next call.
 */
public final class AuthenticateStage implements Stage {
  /** The shortest interval between two last-seen writes for one agent or instance. */
  static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  /** Above this many remembered touches, those older than the interval are forgotten. */
  private static final int TOUCH_MEMORY = 10_000;

  private final CallerVerifier verifier;
  private final AgentRepository agents;
  private final AgentInstanceRepository instances;
  private final InstantSource clock;
  private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();

  /** A stage verifying callers with {@code verifier} and recording last-seen times in {@code agents} and {@code instances}. */
  public AuthenticateStage(CallerVerifier verifier, AgentRepository agents, AgentInstanceRepository instances,
                           InstantSource clock) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.agents = Objects.requireNonNull(agents, "agents");
    this.instances = Objects.requireNonNull(instances, "instances");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() { return "authenticate"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    var credentials = exchange.credentials();
    if (credentials.bearer() == null || credentials.bearer().isBlank()) throw Rejection.of("missing bearer token");
    Principal principal = verifier.verify(credentials, resource(credentials.url()));
    exchange.authenticate(principal);
    note(exchange, principal);
    Instant now = clock.instant();
    String agentKey = "agent:" + principal.agentId();
    if (due(agentKey, now)) {
      agents.touch(principal.agentId(), now);
      touched(agentKey, now);
    }
    String instanceKey = "instance:" + principal.subject();
    if (principal.attributes().get("instance") instanceof String instance && due(instanceKey, now)) {
      instances.touch(principal.agentId(), instance, now);
      touched(instanceKey, now);
    }
    return chain.proceed(exchange);
  }

  private static void note(Exchange exchange, Principal principal) {
    exchange.note("agent", principal.agentId());
    if (principal.attributes().containsKey("instance")) exchange.note("instance", principal.subject());
    Delegation delegation = principal.delegation();
    if (delegation != null) {
      exchange.note("user", delegation.userIssuer() + "#" + delegation.user());
      exchange.note("txn", delegation.txn());
      if (delegation.task() != null) exchange.note("task", delegation.task());
      exchange.note("depth", delegation.depth());
    }
  }

  /** The resource a request URL addresses: the URL without query and fragment. */
  static String resource(String url) {
    if (url == null) throw Rejection.of("the request URL is unknown, so the resource called cannot be checked");
    int end = url.length();
    int query = url.indexOf('?');
    int fragment = url.indexOf('#');
    if (query >= 0) end = query;
    if (fragment >= 0 && fragment < end) end = fragment;
    return url.substring(0, end);
  }

  private boolean due(String key, Instant now) {
    Instant last = lastTouched.get(key);
    return last == null || !now.isBefore(last.plus(TOUCH_INTERVAL));
  }

  private void touched(String key, Instant now) {
    // Only verified callers reach here; the sweep keeps the map bounded even with many instances.
    if (lastTouched.size() > TOUCH_MEMORY) {
      Instant horizon = now.minus(TOUCH_INTERVAL);
      lastTouched.values().removeIf(at -> at.isBefore(horizon));
    }
    lastTouched.put(key, now);
  }
}
