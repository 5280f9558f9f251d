package dev.portcullis.e2e.lastmile;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A legacy REST API that knows nothing of agents: it takes OAuth access tokens from the company's
 * authorization server (Keycloak in the tests), checks signature, issuer and audience, and serves
 * invoices. It keeps the tokens it was given so a test can check that none reached the agent. Its
 * {@code /status} needs no token: a tool without a credential.
 */
final class BillingApi implements AutoCloseable {
  private final HttpServer server;
  private final DefaultJWTProcessor<SecurityContext> verifier = new DefaultJWTProcessor<>();
  private final List<String> tokensReceived = new CopyOnWriteArrayList<>();
  private final List<String> subjects = new CopyOnWriteArrayList<>();

  BillingApi(String issuer, String jwksUrl, String audience) throws IOException {
    verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
        JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).build()));
    verifier.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iat")));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/invoices/", this::invoice);
    server.createContext("/status", this::status);
    server.start();
  }

  /** The API's base URL. */
  String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

  /** Every bearer token presented so far. */
  List<String> tokensReceived() { return List.copyOf(tokensReceived); }

  /** The {@code sub} of every accepted token (the client's service account). */
  List<String> subjects() { return List.copyOf(subjects); }

  /** An endpoint anyone may call: the tool that needs no credential. */
  private void status(HttpExchange exchange) throws IOException {
    try (exchange) {
      send(exchange, 200, "{\"status\":\"up\"}");
    }
  }

  private void invoice(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization == null || !authorization.startsWith("Bearer ")) {
        send(exchange, 401, "{\"error\":\"missing bearer token\"}");
        return;
      }
      String token = authorization.substring("Bearer ".length());
      tokensReceived.add(token);
      try {
        subjects.add(verifier.process(token, null).getSubject());
      } catch (Exception e) {
        send(exchange, 401, "{\"error\":\"invalid token\"}");
        return;
      }
      String id = exchange.getRequestURI().getPath().substring("/invoices/".length());
      if (!id.matches("INV-[0-9]{4}")) {
        send(exchange, 404, "{\"error\":\"no such invoice\"}");
        return;
      }
      send(exchange, 200, Map.of("INV-4711", "{\"id\":\"INV-4711\",\"customer\":\"ACME GmbH\",\"amount\":1250.00,\"status\":\"open\"}")
          .getOrDefault(id, "{\"id\":\"" + id + "\",\"customer\":\"Globex\",\"amount\":99.50,\"status\":\"paid\"}"));
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() { server.stop(0); }
}
