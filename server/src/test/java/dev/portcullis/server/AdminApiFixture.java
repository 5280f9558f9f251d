package dev.portcullis.server;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.AuditRecord;
import dev.portcullis.mcp.Json;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin API served for real on 127.0.0.1 over a real SQLite store and policy files, with an
 * audit log that keeps what it is given in memory so tests can read it.
 */
final class AdminApiFixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** One answer: its status and parsed JSON body. */
  record Answer(int status, Map<String, Object> json) {}

  final SqliteStore store;
  final List<AuditRecord> audited = new CopyOnWriteArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpServer server;
  private final String token;

  private final Parts parts;

  /** Serves the admin API with data in {@code dataDir} and this policy text. */
  AdminApiFixture(Path dataDir, String policy) throws IOException {
    this(dataDir, policy, null);
  }

  /** Serves the admin API with data in {@code dataDir}, this policy text and this vault configuration. */
  AdminApiFixture(Path dataDir, String policy, dev.portcullis.server.config.VaultConfig vault) throws IOException {
    Path policyFile = Files.writeString(dataDir.resolve("policy.yaml"), policy);
    var config = new GatewayConfig(null, null, "http://127.0.0.1:7700", dataDir, null,
        new GatewayConfig.Identity("portcullis.test", null, null, null), null, null, null,
        new GatewayConfig.Policy(List.of(policyFile)), null, null, null, vault);
    store = SqliteStore.open(dataDir.resolve("portcullis.db"));
    AuditLog audit = new AuditLog() {
      @Override
      public long append(AuditRecord record) {
        audited.add(record);
        return audited.size();
      }

      @Override
      public void close() {}
    };
    parts = Parts.build(config, store, audit, InstantSource.fixed(NOW));
    AdminToken adminToken = AdminToken.loadOrCreate(dataDir.resolve("admin.token"));
    token = AdminToken.read(dataDir.resolve("admin.token"));
    Router router = Router.router(vertx);
    new AdminApi(parts, workers, adminToken).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().join();
  }

  /** The base URL of the admin API, {@code http://127.0.0.1:<port>/admin/v1}. */
  String baseUrl() { return "http://127.0.0.1:" + server.actualPort() + "/admin/v1"; }

  Answer get(String path) { return send("GET", path, null); }

  Answer post(String path, Map<String, Object> body) { return send("POST", path, body); }

  Answer put(String path, Map<String, Object> body) { return send("PUT", path, body); }

  Answer delete(String path) { return send("DELETE", path, null); }

  /** The gateway's parts, for tests that look behind the API. */
  Parts parts() { return parts; }

  /** The audit records of one type ({@code admin.<type>}). */
  List<AuditRecord> audited(String type) {
    return audited.stream().filter(r -> r.type().equals("admin." + type)).toList();
  }

  private Answer send(String method, String path, Map<String, Object> body) {
    var request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    try {
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), Json.parseObject(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException("admin request " + method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    server.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    workers.shutdownNow();
    parts.lastMile().close();
    http.close();
    store.close();
  }
}
