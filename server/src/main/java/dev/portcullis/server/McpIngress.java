package dev.portcullis.server;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.Credentials;
import dev.portcullis.core.ErrorMapping;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.McpRequest;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.StageChain;
import dev.portcullis.identity.ProtectedResourceMetadata;
import dev.portcullis.mcp.Json;
import dev.portcullis.mcp.Protocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP Streamable HTTP endpoint of each virtual server ({@code /mcp/<server>}), both protocol
 * revisions. It reads the body within the size limit, checks the envelope, the era's rules
 * (routing headers, sessions), turns the message into an {@link Exchange} and hands it to the
 * chain on a virtual thread; then writes the outcome. Anything refused before the chain runs is
 * audited here.
 */
final class McpIngress {
  /** Internal method name for opening a GET notification stream (stateful revision). */
  static final String LISTEN = "rpc.listen";
  /** Internal method name for ending a session with DELETE (stateful revision). */
  static final String END_SESSION = "rpc.end-session";
  private static final Logger LOG = LoggerFactory.getLogger(McpIngress.class);

  private final StageChain chain;
  private final Sessions sessions;
  private final AuditLog audit;
  private final InstantSource clock;
  private final ExecutorService workers;
  private final long maxRequestBytes;
  private final String publicUrl;
  private final Set<String> servers;

  McpIngress(StageChain chain, Sessions sessions, AuditLog audit, InstantSource clock, ExecutorService workers,
             long maxRequestBytes, String publicUrl, Set<String> servers) {
    this.chain = chain;
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
    this.workers = workers;
    this.maxRequestBytes = maxRequestBytes;
    this.publicUrl = publicUrl;
    this.servers = Set.copyOf(servers);
  }

  /** POST: one JSON-RPC message. */
  void post(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String server = ctx.pathParam("server");
    if (!servers.contains(server)) {
      workers.execute(() -> refuse(ctx.response(), server, req, null, false,
          new GatewayError.Malformed("no MCP server named '" + server + "'"), 404));
      return;
    }
    long declared = parseLength(req.getHeader("Content-Length"));
    if (declared > maxRequestBytes) {
      tooLarge(ctx, server);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    req.handler(chunk -> {
      if (tooLarge[0]) return;
      if (body.length() + chunk.length() > maxRequestBytes) {
        tooLarge[0] = true;
        tooLarge(ctx, server);
        return;
      }
      body.appendBuffer(chunk);
    });
    req.endHandler(v -> {
      if (!tooLarge[0]) workers.execute(() -> handlePost(ctx, server, body.getBytes()));
    });
    req.resume();
  }

  /** Answers 413 and closes the connection, so the rest of the body is never read. */
  private void tooLarge(RoutingContext ctx, String server) {
    HttpServerRequest req = ctx.request();
    req.pause();
    workers.execute(() -> {
      refuse(ctx.response(), server, req, null, false, new GatewayError.TooLarge("request body", maxRequestBytes), 0)
          .onComplete(v -> req.connection().close());
    });
  }

  private void handlePost(RoutingContext ctx, String server, byte[] bytes) {
    HttpServerRequest req = ctx.request();
    HttpServerResponse resp = ctx.response();
    Envelope envelope;
    Object rawId = null;
    try {
      Object body;
      try {
        body = Json.parse(bytes);
      } catch (IOException e) {
        throw new GatewayException(new GatewayError.Malformed("the body is not valid JSON"));
      }
      if (body instanceof Map<?, ?> m && (m.get("id") instanceof String || m.get("id") instanceof Number)) rawId = m.get("id");
      envelope = Envelope.parse(body, req.getHeader("MCP-Protocol-Version"));
      if (envelope.modern()) {
        if (!RoutingHeaders.MODERN_METHODS.contains(envelope.method()) && !envelope.isNotification()) {
          throw new GatewayException(new GatewayError.MethodNotFound(envelope.method()));
        }
        RoutingHeaders.check(envelope, req::getHeader);
      } else {
        checkLegacy(envelope, req);
      }
    } catch (GatewayException e) {
      boolean notFound = e.error() instanceof GatewayError.MethodNotFound;
      refuse(resp, server, req, rawId, false, e.error(), notFound ? 404 : 400);
      return;
    }
    String sessionId = envelope.modern() || envelope.method().equals("initialize") ? null : req.getHeader("Mcp-Session-Id");
    String version = envelope.modern() ? envelope.version() : legacyVersion(envelope, sessionId, server);
    var request = new McpRequest(server, envelope.method(), envelope.id(), envelope.params(), version, sessionId,
        remote(req));
    Exchange exchange = newExchange(request, req);
    Outcome outcome = chain.run(exchange);
    if (outcome instanceof Outcome.Reply && envelope.method().equals("initialize") && exchange.principal() != null) {
      var session = sessions.open(server, exchange.principal().agentId(), String.valueOf(
          ((Outcome.Reply) outcome).result().get("protocolVersion")));
      resp.putHeader("Mcp-Session-Id", session.id());
    }
    writeOutcome(resp, server, envelope.id(), envelope.modern(), accepts(req, "text/event-stream"), outcome);
  }

  private String legacyVersion(Envelope envelope, String sessionId, String server) {
    if (envelope.method().equals("initialize")) {
      Object v = envelope.params().get("protocolVersion");
      return v instanceof String s ? s : Protocol.V2025_11_25;
    }
    return sessions.find(server, sessionId).map(Sessions.Session::version).orElse(Protocol.V2025_11_25);
  }

  private void checkLegacy(Envelope envelope, HttpServerRequest req) {
    String header = req.getHeader("MCP-Protocol-Version");
    if (header != null && !Protocol.LEGACY.contains(header) && !envelope.method().equals("initialize")) {
      throw new GatewayException(new GatewayError.UnsupportedVersion(header, Protocol.LEGACY));
    }
    if (envelope.method().equals("initialize")) {
      if (header != null && Protocol.isModern(header)) {
        throw new GatewayException(new GatewayError.HeaderMismatch("MCP-Protocol-Version", header, "initialize (2025-11-25 handshake)"));
      }
      return;
    }
    if (req.getHeader("Mcp-Session-Id") == null) {
      throw new GatewayException(new GatewayError.InvalidParams("Mcp-Session-Id header is required (initialize first)"));
    }
  }

  /** GET: a notification stream for a session (stateful revision). */
  void get(RoutingContext ctx) {
    String server = ctx.pathParam("server");
    HttpServerRequest req = ctx.request();
    if (!accepts(req, "text/event-stream")) {
      ctx.response().setStatusCode(406).end();
      return;
    }
    String sessionId = req.getHeader("Mcp-Session-Id");
    if (sessionId == null) {
      ctx.response().setStatusCode(405).putHeader("Allow", "POST").end();
      return;
    }
    workers.execute(() -> {
      Exchange exchange = newExchange(new McpRequest(server, LISTEN, null, Map.of(), Protocol.V2025_11_25, sessionId, remote(req)), req);
      Outcome outcome = chain.run(exchange);
      HttpServerResponse resp = ctx.response();
      if (!(outcome instanceof Outcome.Accepted)) {
        writeOutcome(resp, server, null, false, false, outcome);
        return;
      }
      var session = sessions.find(server, sessionId).orElse(null);
      if (session == null) {
        writeOutcome(resp, server, null, false, false, Outcome.failed(new GatewayError.SessionNotFound("session ended")));
        return;
      }
      resp.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
      resp.write(": stream open\n\n");
      session.streams().add(resp);
      resp.closeHandler(v -> session.streams().remove(resp));
    });
  }

  /** DELETE: ends a session (stateful revision). */
  void delete(RoutingContext ctx) {
    String server = ctx.pathParam("server");
    HttpServerRequest req = ctx.request();
    String sessionId = req.getHeader("Mcp-Session-Id");
    if (sessionId == null) {
      ctx.response().setStatusCode(405).putHeader("Allow", "POST").end();
      return;
    }
    workers.execute(() -> {
      Exchange exchange = newExchange(new McpRequest(server, END_SESSION, null, Map.of(), Protocol.V2025_11_25, sessionId, remote(req)), req);
      Outcome outcome = chain.run(exchange);
      if (outcome instanceof Outcome.Accepted) {
        sessions.end(sessionId);
        ctx.response().setStatusCode(204).end();
      } else {
        writeOutcome(ctx.response(), server, null, false, false, outcome);
      }
    });
  }

  private Exchange newExchange(McpRequest request, HttpServerRequest req) {
    String auth = req.getHeader("Authorization");
    // RFC 6750 bearer and RFC 9449 DPoP schemes carry the token the same way; whether the token is
    // key-bound, and so needs the proof in the DPoP header, is decided by the token, not the scheme.
    String bearer = auth == null ? null
        : auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim()
        : auth.regionMatches(true, 0, "DPoP ", 0, 5) ? auth.substring(5).trim() : null;
    var credentials = new Credentials(bearer, req.getHeader("DPoP"), req.method().name(), publicUrl + req.path());
    return new Exchange(UUID.randomUUID().toString(), clock.instant(), request, credentials);
  }

  private void writeOutcome(HttpServerResponse resp, String server, Object id, boolean modern, boolean sse, Outcome outcome) {
    if (outcome instanceof Outcome.Failed f && f.error() instanceof GatewayError.Unauthenticated u) {
      // Two challenges (RFC 9110 §11.6.1): a DPoP-bound token is what the gateway asks for; the bearer
      // challenge keeps clients that only know RFC 6750 pointed at the same metadata.
      resp.headers().add("WWW-Authenticate", ProtectedResourceMetadata.dpopChallenge(metadataUrl(server), "invalid_token", u.message()));
      resp.headers().add("WWW-Authenticate", ProtectedResourceMetadata.wwwAuthenticate(metadataUrl(server), "invalid_token", u.message()));
    }
    new ResponseWriter(resp, id, modern, sse).write(outcome);
  }

  /** The RFC 9728 metadata URL of a virtual server's endpoint. */
  String metadataUrl(String server) { return publicUrl + "/.well-known/oauth-protected-resource/mcp/" + server; }

  /** Refuses a request before the chain ran, with an audit record of why. */
  private io.vertx.core.Future<Void> refuse(HttpServerResponse resp, String server, HttpServerRequest req, Object id, boolean modern,
                      GatewayError error, int status) {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("server", server);
    fields.put("remote", remote(req));
    fields.put("status", ErrorMapping.kind(error));
    fields.put("error", error.message());
    try {
      audit.append(new AuditRecord("rejected", clock.instant(), null, fields));
    } catch (AuditLog.AuditException e) {
      LOG.error("could not audit a rejected request: {}", e.getMessage());
      error = new GatewayError.AuditUnavailable("audit log unavailable");
      status = 0;
    } catch (RuntimeException e) {
      LOG.error("could not audit a rejected request", e);
    }
    var body = ResponseWriter.errorMessage(id, error);
    return resp.setStatusCode(status > 0 ? status : ErrorMapping.httpStatus(error))
        .putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.bytes(body)));
  }

  private static boolean accepts(HttpServerRequest req, String type) {
    String accept = req.getHeader("Accept");
    return accept != null && (accept.contains(type) || accept.contains("*/*"));
  }

  private static long parseLength(String header) {
    if (header == null) return -1;
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String remote(HttpServerRequest req) {
    return req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
  }
}
