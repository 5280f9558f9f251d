package dev.portcullis.registry;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.Upstreams;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Resolves the tool of a call against the registry (stage 4). tools/list refreshes what the
 * upstreams offer and shows only approved, unchanged tools; tools/call finds the tool among them
 * — refreshing first when the last look is older than {@code maxAge} — and refuses unregistered,
 * changed or disabled tools.
 */
public final class ResolveToolStage implements Stage {
  private final ToolRegistry registry;
  private final Upstreams upstreams;
  private final InstantSource clock;
  private final Duration maxAge;
  private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();
  private final ReentrantLock refreshLock = new ReentrantLock();

  /** A stage that trusts a catalog for at most {@code maxAge} before asking the upstreams again. */
  public ResolveToolStage(ToolRegistry registry, Upstreams upstreams, InstantSource clock, Duration maxAge) {
    this.registry = registry;
    this.upstreams = upstreams;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  @Override
  public String name() { return "resolve-tool"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    String server = exchange.request().server();
    switch (exchange.request().method()) {
      case "tools/list" -> exchange.showTools(refresh(server).tools());
      case "tools/call" -> exchange.resolveTool(resolve(server, toolName(exchange)));
      default -> { }
    }
    return chain.proceed(exchange);
  }

  private static String toolName(Exchange exchange) {
    if (exchange.request().params().get("name") instanceof String s && !s.isBlank()) return s;
    throw new GatewayException(new GatewayError.InvalidParams("tools/call needs a tool name in params.name"));
  }

  private ToolDefinition resolve(String server, String name) {
    Catalog catalog = catalogs.get(server);
    if (catalog == null || catalog.takenAt().plus(maxAge).isBefore(clock.instant())) catalog = refresh(server);
    for (ToolDefinition t : catalog.tools()) if (t.name().equals(name)) return t;
    var record = registry.get(name);
    if (record.isEmpty() || record.get().digest() == null) throw new GatewayException(new GatewayError.UnknownTool(name));
    var r = record.get();
    String reason = switch (r.status()) {
      case CHANGED -> "its definition changed since it was approved (" + r.digest() + " -> " + r.observedDigest()
          + "); a human must review and approve it again";
      case DISABLED -> "it was disabled by an operator";
      default -> r.observedDigest() == null ? "its upstream does not offer it now" : "it is not offered on this server";
    };
    throw new GatewayException(new GatewayError.ToolBlocked(name, reason));
  }

  /** Asks the server's upstreams what they offer now and reconciles it with the registry. */
  public Catalog refresh(String server) {
    refreshLock.lock();
    try {
      var fresh = new Catalog(List.copyOf(registry.reconcile(upstreams.listTools(server))), clock.instant());
      catalogs.put(server, fresh);
      return fresh;
    } finally {
      refreshLock.unlock();
    }
  }

  /** Forgets every catalog, so the next call looks again (after an approval, a list_changed notification). */
  public void invalidate() { catalogs.clear(); }

  /** The tools agents may see on a server, and when they were looked up. */
  public record Catalog(List<ToolDefinition> tools, Instant takenAt) {}
}
