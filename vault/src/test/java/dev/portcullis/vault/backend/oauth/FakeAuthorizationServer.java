package dev.portcullis.vault.backend.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny authorization server on loopback that answers with what a test sets and records what it received. */
final class FakeAuthorizationServer implements AutoCloseable {
  /** One request as received. */
  record Received(String path, String authorization, Map<String, String> form) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger tokens = new AtomicInteger();
  volatile int tokenStatus = 200;
  volatile String tokenBody;
  volatile int revokeStatus = 200;
  volatile long expiresIn = 300;

  FakeAuthorizationServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/token", ex -> {
      record(ex);
      String body = tokenBody != null ? tokenBody
          : "{\"access_token\":\"token-" + tokens.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}";
      answer(ex, tokenStatus, body);
    });
    server.createContext("/revoke", ex -> {
      record(ex);
      answer(ex, revokeStatus, "");
    });
    server.createContext("/.well-known/openid-configuration", ex -> answer(ex, 200,
        "{\"issuer\":\"" + base() + "\",\"token_endpoint\":\"" + base() + "/token\",\"revocation_endpoint\":\"" + base() + "/revoke\"}"));
    server.start();
  }

  String base() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

  URI uri(String path) { return URI.create(base() + path); }

  List<Received> received() { return received; }

  long requestsTo(String path) { return received.stream().filter(r -> r.path().equals(path)).count(); }

  private void record(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    var form = new LinkedHashMap<String, String>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) continue;
      String[] kv = pair.split("=", 2);
      form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    received.add(new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"), form));
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() { server.stop(0); }
}
