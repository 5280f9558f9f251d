package dev.portcullis.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portcullis.mcp.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last-mile demo's REST API: {@code GET /invoices/{id}}, answered only for a request that carries
 * a short-lived JWT signed by the key whose public half this API was given, for this audience and
 * issuer. It holds no shared secret and no list of clients: whoever holds the private key (the
 * gateway's vault) decides who gets a token, and a token it minted dies at its {@code exp}.
 */
final class BillingApi implements AutoCloseable {
  private static final Map<String, Map<String, Object>> INVOICES = Map.of(
      "INV-1001", Map.of("id", "INV-1001", "order", "ORD-2", "customer", "acme", "amount", "89.50", "currency", "EUR",
          "status", "due"),
      "INV-1002", Map.of("id", "INV-1002", "order", "ORD-1", "customer", "acme", "amount", "499.00", "currency", "EUR",
          "status", "paid"));

  private final HttpServer server;
  private final ECKey publicKey;
  private final String issuer;
  private final String audience;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  private BillingApi(HttpServer server, ECKey publicKey, String issuer, String audience) {
    this.server = server;
    this.publicKey = publicKey;
    this.issuer = issuer;
    this.audience = audience;
  }

  /** Starts the API on a free port of 127.0.0.1, trusting tokens signed by {@code publicKey}'s private half. */
  static BillingApi start(ECKey publicKey, String issuer, String audience) throws IOException {
    if (publicKey.isPrivate()) throw new IllegalArgumentException("the API needs only the public key");
    var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    var api = new BillingApi(server, publicKey, issuer, audience);
    server.createContext("/invoices/", api::handle);
    server.start();
    return api;
  }

  /** The base URL the connector is configured with. */
  String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

  /** Requests answered because their token checked out. */
  int accepted() { return accepted.get(); }

  /** Requests refused for a missing or bad token. */
  int refused() { return refused.get(); }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        reply(exchange, 405, Map.of("error", "only GET"));
        return;
      }
      String caller = verify(exchange.getRequestHeaders().getFirst("Authorization"));
      if (caller == null) {
        refused.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        reply(exchange, 401, Map.of("error", "a valid bearer token is required"));
        return;
      }
      accepted.incrementAndGet();
      String id = exchange.getRequestURI().getPath().substring("/invoices/".length());
      Map<String, Object> invoice = INVOICES.get(id);
      if (invoice == null) {
        reply(exchange, 404, Map.of("error", "no invoice " + (id.matches("[A-Za-z0-9-]{1,32}") ? id : "with that id")));
        return;
      }
      var body = new LinkedHashMap<>(invoice);
      body.put("servedTo", caller);
      reply(exchange, 200, body);
    }
  }

  /** The token's acting agent ({@code act.sub}) when the token is good, otherwise null. */
  private String verify(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) return null;
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()).trim());
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new ECDSAVerifier(publicKey))) return null;
      var claims = jwt.getJWTClaimsSet();
      Instant now = Instant.now();
      if (!issuer.equals(claims.getIssuer()) || claims.getAudience() == null || !claims.getAudience().contains(audience)
          || claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)) {
        return null;
      }
      Object act = claims.getClaim("act");
      return act instanceof Map<?, ?> m && m.get("sub") instanceof String s ? s : claims.getSubject();
    } catch (ParseException | JOSEException e) {
      return null;
    }
  }

  private static void reply(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = Json.bytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() { server.stop(0); }
}
