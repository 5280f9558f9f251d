package dev.portcullis.connect.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A JDK HTTP server standing in for a backend API: answers what a test sets and records every request. */
final class ApiServer implements AutoCloseable {
  /** One request as the API saw it. */
  record Seen(String method, String rawPath, String rawQuery, Headers headers, String body) {}

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  volatile int status = 200;
  volatile String contentType = "application/json";
  volatile String body = "{}";
  volatile String location;

  ApiServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", ex -> {
      String requestBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
          ex.getRequestHeaders(), requestBody));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (contentType != null) ex.getResponseHeaders().set("Content-Type", contentType);
      if (location != null) ex.getResponseHeaders().set("Location", location);
      ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (var out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  URI base(String path) { return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path); }

  List<Seen> seen() { return seen; }

  Seen last() { return seen.getLast(); }

  @Override
  public void close() { server.stop(0); }
}
