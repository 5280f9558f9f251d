package dev.portcullis.server;

import io.vertx.core.http.HttpServerResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * MCP sessions of the stateful revision (2025-11-25). A session is created by a successful
 * initialize, is bound to the agent that initialized it, and ends on DELETE or after being idle.
 * Session ids are 256-bit random values.
 */
final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final InstantSource clock;
  private final Duration idleTimeout;
  private final int maxSessions;

  Sessions(InstantSource clock, Duration idleTimeout, int maxSessions) {
    this.clock = clock;
    this.idleTimeout = idleTimeout;
    this.maxSessions = maxSessions;
  }

  /** Opens a session for an agent; the oldest idle sessions are dropped when the table is full. */
  Session open(String server, String agentId, String version) {
    expire();
    if (sessions.size() >= maxSessions) {
      sessions.values().stream().min(java.util.Comparator.comparing(Session::lastUsed))
          .ifPresent(s -> end(s.id()));
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    var s = new Session(id, server, agentId, version, clock.instant());
    sessions.put(id, s);
    return s;
  }

  /** The live session with this id on this server. */
  Optional<Session> find(String server, String id) {
    if (id == null) return Optional.empty();
    Session s = sessions.get(id);
    if (s == null || !s.server().equals(server)) return Optional.empty();
    if (s.lastUsed().plus(idleTimeout).isBefore(clock.instant())) {
      end(id);
      return Optional.empty();
    }
    s.touch(clock.instant());
    return Optional.of(s);
  }

  /** Ends a session and closes its listening streams. */
  boolean end(String id) {
    Session s = sessions.remove(id);
    if (s == null) return false;
    s.streams().forEach(r -> {
      try {
        r.end();
      } catch (RuntimeException ignored) {
        // Already closed by the client.
      }
    });
    return true;
  }

  /** Ends every session of an agent (when it is disabled). */
  void endAgent(String agentId) {
    sessions.values().stream().filter(s -> s.agentId().equals(agentId)).toList().forEach(s -> end(s.id()));
  }

  /** Every live session. */
  List<Session> all() { return List.copyOf(sessions.values()); }

  private void expire() {
    Instant cutoff = clock.instant().minus(idleTimeout);
    sessions.values().stream().filter(s -> s.lastUsed().isBefore(cutoff)).toList().forEach(s -> end(s.id()));
  }

  /** One session. */
  static final class Session {
    private final String id;
    private final String server;
    private final String agentId;
    private final String version;
    private volatile Instant lastUsed;
    private final List<HttpServerResponse> streams = new CopyOnWriteArrayList<>();

    Session(String id, String server, String agentId, String version, Instant now) {
      this.id = id;
      this.server = server;
      this.agentId = agentId;
      this.version = version;
      this.lastUsed = now;
    }

    String id() { return id; }

    String server() { return server; }

    String agentId() { return agentId; }

    String version() { return version; }

    Instant lastUsed() { return lastUsed; }

    void touch(Instant now) { lastUsed = now; }

    /** Open GET streams on which the gateway may send notifications. */
    List<HttpServerResponse> streams() { return streams; }
  }
}
