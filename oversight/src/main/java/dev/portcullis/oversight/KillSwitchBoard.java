package dev.portcullis.oversight;

import dev.portcullis.core.state.KillSwitch;
import dev.portcullis.core.state.SwitchRepository;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engaged kill switches, held as an in-memory snapshot of the store so that the check made on
 * every call costs no I/O.
 *
 * <p>Changes made through this board reach the store first and then reload the snapshot. Changes
 * made by other replicas are seen after {@link #refresh()}, which the server calls periodically and
 * whenever it learns of a change. Scopes are {@code global} (target {@code *}), {@code agent} (an
 * agent id), {@code tool} (a namespaced tool name) and {@code upstream} (an upstream name).
 */
public final class KillSwitchBoard {
  /** The scope that stops every call; its target is always {@code *}. */
  public static final String GLOBAL = "global";
  /** The scope that stops one agent. */
  public static final String AGENT = "agent";
  /** The scope that stops one namespaced tool. */
  public static final String TOOL = "tool";
  /** The scope that stops every tool of one upstream. */
  public static final String UPSTREAM = "upstream";
  /** The valid scope names, in the order they are checked. */
  public static final List<String> SCOPES = List.of(GLOBAL, AGENT, TOOL, UPSTREAM);

  private final SwitchRepository repository;
  private final InstantSource clock;
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  /** A board over this repository, loaded from it at once. */
  public KillSwitchBoard(SwitchRepository repository, InstantSource clock) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
    refresh();
  }

  /**
   * Engages a switch (replacing one with the same scope and target) and returns it.
   *
   * @param scope  one of {@link #SCOPES}
   * @param target the agent id, tool or upstream; ignored for {@code global} (which is always {@code *})
   * @param reason why, shown to stopped callers
   * @param by     who engaged it
   * @throws IllegalArgumentException when the scope is unknown or the target is missing
   */
  public KillSwitch engage(String scope, String target, String reason, String by) {
    String normalizedTarget = target(scope, target);
    var killSwitch = new KillSwitch(scope, normalizedTarget, reason, by, clock.instant());
    repository.engage(killSwitch);
    refresh();
    return killSwitch;
  }

  /**
   * Releases a switch; returns whether one was engaged.
   *
   * @throws IllegalArgumentException when the scope is unknown or the target is missing
   */
  public boolean release(String scope, String target) {
    boolean released = repository.release(scope, target(scope, target));
    refresh();
    return released;
  }

  /** The engaged switches, as of the last refresh. */
  public List<KillSwitch> list() { return snapshot.all(); }

  /**
   * Reloads the snapshot from the store. When the store fails, the previous snapshot stays in force
   * and the failure is thrown to the caller.
   */
  public void refresh() { snapshot = Snapshot.of(repository.list()); }

  /**
   * The first engaged switch that stops this call, checking global, agent, tool and upstream in that
   * order; any argument may be {@code null} when the call has no such part.
   */
  public Optional<KillSwitch> match(String agentId, String tool, String upstream) {
    Snapshot s = snapshot;
    if (s.global != null) return Optional.of(s.global);
    KillSwitch hit = agentId == null ? null : s.agents.get(agentId);
    if (hit == null && tool != null) hit = s.tools.get(tool);
    if (hit == null && upstream != null) hit = s.upstreams.get(upstream);
    return Optional.ofNullable(hit);
  }

  /** How a switch names what it stops, e.g. {@code agent invoice-bot} or {@code global}. */
  public static String describe(KillSwitch killSwitch) {
    return GLOBAL.equals(killSwitch.scope()) ? GLOBAL : killSwitch.scope() + " " + killSwitch.target();
  }

  private static String target(String scope, String target) {
    if (!SCOPES.contains(scope)) {
      throw new IllegalArgumentException("kill switch scope '" + scope + "' is not valid; valid scopes: " + SCOPES);
    }
    if (GLOBAL.equals(scope)) return "*";
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("kill switch scope '" + scope + "' needs a target");
    }
    return target;
  }

  /** The engaged switches indexed by scope; immutable. */
  private record Snapshot(List<KillSwitch> all, KillSwitch global, Map<String, KillSwitch> agents,
                          Map<String, KillSwitch> tools, Map<String, KillSwitch> upstreams) {
    static final Snapshot EMPTY = of(List.of());

    static Snapshot of(List<KillSwitch> switches) {
      KillSwitch global = null;
      var agents = new HashMap<String, KillSwitch>();
      var tools = new HashMap<String, KillSwitch>();
      var upstreams = new HashMap<String, KillSwitch>();
      for (KillSwitch s : switches) {
        switch (s.scope()) {
          case GLOBAL -> global = s;
          case AGENT -> agents.put(s.target(), s);
          case TOOL -> tools.put(s.target(), s);
          case UPSTREAM -> upstreams.put(s.target(), s);
          // A scope this version does not know (written by a newer replica) cannot be honoured
          // precisely, so it stops everything: fail closed.
          default -> global = global == null ? s : global;
        }
      }
      return new Snapshot(List.copyOf(switches), global, Map.copyOf(agents), Map.copyOf(tools), Map.copyOf(upstreams));
    }
  }
}
