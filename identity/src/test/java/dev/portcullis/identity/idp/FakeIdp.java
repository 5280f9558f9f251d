package dev.portcullis.identity.idp;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real identity provider endpoint on 127.0.0.1: serves a discovery document and a key set the
 * test controls, and counts the requests for each.
 */
final class FakeIdp implements AutoCloseable {
  static final String REALM_PATH = "/realms/test";
  static final String JWKS_PATH = REALM_PATH + "/protocol/openid-connect/certs";

  final AtomicInteger discoveryRequests = new AtomicInteger();
  final AtomicInteger jwksRequests = new AtomicInteger();
  final String issuer;

  private final HttpServer server;
  private volatile String discoveryIssuer;
  private volatile String jwksUri;
  private volatile String jwksBody = "{\"keys\":[]}";
  private volatile int jwksStatus = 200;

  private FakeIdp(HttpServer server) {
    this.server = server;
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
    this.discoveryIssuer = issuer;
    this.jwksUri = issuer + "/protocol/openid-connect/certs";
  }

  /** Starts a provider publishing these keys (public parts only). */
  static FakeIdp start(JWK... keys) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FakeIdp idp = new FakeIdp(server);
    server.createContext(REALM_PATH + OidcDiscovery.WELL_KNOWN_PATH, idp::discovery);
    server.createContext(JWKS_PATH, idp::jwks);
    server.start();
    idp.publish(keys);
    return idp;
  }

  /** Publishes exactly these keys from now on. */
  void publish(JWK... keys) {
    jwksBody = new JWKSet(List.of(keys)).toPublicJWKSet().toString();
  }

  /** Serves this raw key set body from now on. */
  void publishRaw(String body) { jwksBody = body; }

  /** Makes the discovery document name this issuer. */
  void discoveryNamesIssuer(String value) { discoveryIssuer = value; }

  /** Makes the discovery document name this jwks_uri. */
  void discoveryNamesJwksUri(String value) { jwksUri = value; }

  /** Makes the key set endpoint answer with this status (200 serves the keys). */
  void jwksStatus(int status) { jwksStatus = status; }

  /** The key set URL. */
  String jwksUrl() { return issuer + "/protocol/openid-connect/certs"; }

  /** Stops answering: connections are refused from now on. */
  void stop() { server.stop(0); }

  @Override
  public void close() { stop(); }

  private void discovery(HttpExchange exchange) throws IOException {
    discoveryRequests.incrementAndGet();
    var document = new LinkedHashMap<String, Object>();
    document.put("issuer", discoveryIssuer);
    document.put("jwks_uri", jwksUri);
    document.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
    respond(exchange, 200, JSONObjectUtils.toJSONString(document));
  }

  private void jwks(HttpExchange exchange) throws IOException {
    jwksRequests.incrementAndGet();
    respond(exchange, jwksStatus, jwksStatus == 200 ? jwksBody : "{\"error\":\"unavailable\"}");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
