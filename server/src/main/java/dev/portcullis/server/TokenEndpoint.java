package dev.portcullis.server;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.AuditRecord;
import dev.portcullis.identity.TokenError;
import dev.portcullis.identity.TokenRequest;
import dev.portcullis.identity.TokenResponse;
import dev.portcullis.identity.TokenService;
import dev.portcullis.mcp.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth 2.0 token endpoint (RFC 8693 token exchange) on the agent-facing port: agents exchange
 * their credential for an instance token bound to their key, a user's token for a delegation
 * token, or a parent's delegation token for a narrower one. This class only adapts HTTP; what is
 * issued, and why a request is refused, is {@link TokenService}'s.
 *
 * <p>Every request, issued or refused, leaves an audit record with the facts of the exchange and
 * never a token. A token is handed out only once its audit record is durable. Responses carry
 * {@code Cache-Control: no-store} (RFC 6749 §5.1). The exchange runs on a worker thread: verifying a
 * user's token may fetch the identity provider's keys.
 */
final class TokenEndpoint {
  /** Where the endpoint is served. */
  static final String PATH = "/oauth2/token";
  /** The largest request body accepted: a form with a few tokens and authorization details. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

  private final TokenService service;
  private final AuditLog audit;
  private final InstantSource clock;
  private final ExecutorService workers;
  private final String url;

  TokenEndpoint(TokenService service, AuditLog audit, InstantSource clock, ExecutorService workers, String publicUrl) {
    this.service = service;
    this.audit = audit;
    this.clock = clock;
    this.workers = workers;
    this.url = publicUrl + PATH;
  }

  /** Handles a POST whose body the router has already read (bounded by {@link #MAX_BODY_BYTES}). */
  void handle(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    Buffer body = ctx.body().buffer();
    String dpop = ctx.request().getHeader("DPoP");
    String method = ctx.request().method().name();
    workers.execute(() -> {
      HttpServerResponse response = ctx.response();
      try {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
          throw new TokenError(TokenError.Code.INVALID_REQUEST, "the token request must be application/x-www-form-urlencoded");
        }
        var request = new TokenRequest(parseForm(body == null ? "" : body.toString(StandardCharsets.UTF_8)), dpop, method, url);
        TokenResponse issued = service.exchange(request);
        record("token.issued", issued.facts(), null);
        send(response, 200, issued.body());
      } catch (TokenError e) {
        refused(response, e.status(), e.body(), e.facts(), e.code().value() + ": " + e.description());
      } catch (AuditLog.AuditException e) {
        LOG.error("token endpoint: audit log unavailable, token withheld", e);
        send(response, 503, Map.of("error", "temporarily_unavailable", "error_description", "the audit log is unavailable"));
      } catch (RuntimeException e) {
        LOG.error("token endpoint: unexpected failure", e);
        refused(response, 500, Map.of("error", "server_error", "error_description", "the token request could not be processed"),
            Map.of(), "server_error");
      }
    });
  }

  private void refused(HttpServerResponse response, int status, Map<String, Object> body, Map<String, Object> facts, String reason) {
    try {
      record("token.refused", facts, reason);
      send(response, status, body);
    } catch (AuditLog.AuditException e) {
      LOG.error("token endpoint: audit log unavailable", e);
      send(response, 503, Map.of("error", "temporarily_unavailable", "error_description", "the audit log is unavailable"));
    }
  }

  private void record(String type, Map<String, Object> facts, String reason) throws AuditLog.AuditException {
    var fields = new LinkedHashMap<String, Object>(facts);
    if (reason != null) fields.put("reason", reason);
    audit.append(new AuditRecord(type, clock.instant(), null, fields));
  }

  private static void send(HttpServerResponse response, int status, Map<String, Object> body) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache")
        .end(Buffer.buffer(Json.bytes(body)));
  }

  /**
   * The parameters of a form body, each name with all its values in order, so that the service
   * can refuse a repeated single-valued parameter rather than silently picking one.
   */
  static Map<String, List<String>> parseForm(String body) {
    var form = new LinkedHashMap<String, List<String>>();
    if (body.isEmpty()) return form;
    for (String pair : body.split("&", -1)) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return form;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new TokenError(TokenError.Code.INVALID_REQUEST, "the token request body is not valid form encoding");
    }
  }

  /** RFC 8414 authorization server metadata for this endpoint. */
  static Map<String, Object> metadata(String publicUrl) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("issuer", publicUrl);
    doc.put("token_endpoint", publicUrl + PATH);
    doc.put("jwks_uri", publicUrl + "/.well-known/jwks.json");
    doc.put("grant_types_supported", List.of(TokenService.TOKEN_EXCHANGE));
    doc.put("token_endpoint_auth_methods_supported", List.of("none"));
    doc.put("dpop_signing_alg_values_supported", List.of("ES256", "EdDSA"));
    doc.put("authorization_details_types_supported", List.of("portcullis_task"));
    return doc;
  }
}
