package dev.portcullis.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the gateway's admin API on 127.0.0.1: answers each {@code METHOD path} with a
 * canned status and body and records every request it receives.
 */
final class StubAdminServer implements AutoCloseable {
  /** One request as received: the path includes the raw (still encoded) query. */
  record Request(String method, String rawPath, String authorization, String contentType, String body) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  StubAdminServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The admin URL to give the CLI. */
  String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

  /** Answers {@code method} on {@code rawPath} (below /admin/v1, as sent on the wire) with {@code status} and {@code body}. */
  StubAdminServer answer(String method, String rawPath, int status, String body) {
    answers.put(method + " /admin/v1" + rawPath, new Answer(status, body));
    return this;
  }

  /** Every request received, in order. */
  List<Request> requests() { return List.copyOf(requests); }

  /** The only request received; fails if there were none or several. */
  Request onlyRequest() {
    if (requests.size() != 1) throw new AssertionError("expected one request, got " + requests);
    return requests.getFirst();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(exchange.getRequestMethod(), rawPath,
        exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"), body));
    Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + rawPath,
        new Answer(404, "{\"error\":{\"status\":404,\"message\":\"no route for " + rawPath + "\"}}"));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() { server.stop(0); }
}
