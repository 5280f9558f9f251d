package dev.portcullis.server;

import dev.portcullis.audit.AuditStage;
import dev.portcullis.audit.ChainedFileAuditLog;
import dev.portcullis.audit.IntentStage;
import dev.portcullis.core.AuditLog;
import dev.portcullis.core.ExchangeListener;
import dev.portcullis.core.Stage;
import dev.portcullis.core.StageChain;
import dev.portcullis.core.state.Store;
import dev.portcullis.firewall.flow.FlowStage;
import dev.portcullis.identity.AgentTokenIssuer;
import dev.portcullis.identity.AuthenticateStage;
import dev.portcullis.identity.GrantStage;
import dev.portcullis.identity.IdentitySettings;
import dev.portcullis.identity.ProtectedResourceMetadata;
import dev.portcullis.identity.SigningKeys;
import dev.portcullis.mcp.ForwardStage;
import dev.portcullis.mcp.UpstreamSet;
import dev.portcullis.oversight.ApprovalDesk;
import dev.portcullis.oversight.ApprovalStage;
import dev.portcullis.oversight.KillSwitchBoard;
import dev.portcullis.oversight.KillSwitchStage;
import dev.portcullis.oversight.ThrottleStage;
import dev.portcullis.policy.AuthorizeStage;
import dev.portcullis.policy.CelPolicyEngine;
import dev.portcullis.policy.PolicyWatcher;
import dev.portcullis.registry.ResolveToolStage;
import dev.portcullis.registry.ToolRegistry;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: state, audit log, the request path, the agent-facing MCP endpoints and the
 * admin API. {@link #start} builds everything from a configuration; {@link #close} stops it.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Parts parts;
  private final Vertx vertx;
  private final HttpServer mcpServer;
  private final HttpServer adminServer;
  private final ExecutorService workers;
  private final PolicyWatcher policyWatcher;

  private Gateway(Parts parts, Vertx vertx, HttpServer mcpServer, HttpServer adminServer, ExecutorService workers,
                  PolicyWatcher policyWatcher) {
    this.parts = parts;
    this.vertx = vertx;
    this.mcpServer = mcpServer;
    this.adminServer = adminServer;
    this.workers = workers;
    this.policyWatcher = policyWatcher;
  }

  /**
   * The request path, in order. This is the one place the order is declared; each line says why
   * a stage stands where it does.
   */
  static List<Stage> requestPath(Parts p) {
    return List.of(
        // Audit wraps everything, so a call refused by any later stage still leaves an outcome record.
        new AuditStage(p.audit(), p.clock()),
        // Nothing else runs for a caller whose identity is not proven.
        new AuthenticateStage(p.callers(), p.store().agents(), p.store().instances(), p.clock()),
        // A stateful-revision session is usable only by the agent that opened it.
        new SessionStage(p.sessions()),
        // A stopped agent, tool or upstream is refused before it costs any further work.
        new KillSwitchStage(p.switches()),
        // Throttle before resolving tools, which may call upstreams: a flood is refused cheaply.
        new ThrottleStage(p.throttles(), p.clock()),
        // Only registered tools whose definition still matches the approved digest exist.
        p.resolver(),
        // The operator's labels of that tool (consequential, trusted source, confidentiality) travel with the call.
        new ToolLabelStage(p.config().upstreams()),
        // Under a user's delegation only the tools of the task grant exist, at most max_calls times.
        new GrantStage(p.clock()),
        // Arguments must fit the vetted schema before policy reasons about them.
        new InspectRequestStage(p.firewall()),
        // Policy must see where the arguments came from and what the session has been shown; the same
        // stage labels and fingerprints what comes back, after response inspection has cleaned it
        // (long results in the background: the next call of the flow session waits for them).
        new FlowStage(p.flow(), p.flowBackground()),
        // Policy sees identity, tool, arguments and session; its decision may require a human.
        new AuthorizeStage(p.policy(), p.clock()),
        // What the firewall wants a human to see before it leaves is held even when policy allows it.
        new FirewallHoldStage(),
        // A held call waits here, bound to exactly this call, until a human decides.
        new ApprovalStage(p.approvals()),
        // Credentials are injected only once the call is allowed, and only into the upstream request.
        new CredentialStage(p.credentials(), p.lastMile().backendByUpstream(), p.lastMile()),
        // Backends that verify get the user, the chain and the transaction as a gateway-signed token.
        new TxnTokenStage(p.txnTokens(), p.config().upstreams()),
        // Response inspection wraps what comes back from the upstream, message by message; what it
        // leaves for later (detectors that only annotate) the flow stage runs before the session's next decision.
        new InspectResponseStage(p.firewall(), p.config().firewall().deferAnnotations() ? p.audit() : null, p.clock()),
        // The intent must be durable before the upstream is called; if it is not, there is no call.
        new IntentStage(p.audit(), p.clock()),
        // The virtual server answers protocol methods and forwards tools/call.
        new ForwardStage(p.upstreams(), "portcullis", Version.VERSION, null));
  }

  /** Starts a gateway from a configuration. */
  public static Gateway start(GatewayConfig requested) throws IOException {
    InstantSource clock = InstantSource.system();
    Vertx vertx = Vertx.vertx();
    Router mcp = Router.router(vertx);
    HttpServer mcpServer;
    try {
      mcpServer = listen(vertx, mcp, requested.listen());
    } catch (IOException e) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      throw e;
    }
    // With port 0 and no explicit public URL, the URL (token issuer and audience) names the port bound.
    GatewayConfig config = requested.publicUrl().equals("http://" + requested.listen().host() + ":0")
        ? requested.withPublicUrl("http://" + requested.listen().host() + ":" + mcpServer.actualPort()) : requested;
    var closeOnFailure = new ArrayList<AutoCloseable>();
    closeOnFailure.add(() -> vertx.close().toCompletionStage().toCompletableFuture().join());
    closeOnFailure.add(() -> mcpServer.close().toCompletionStage().toCompletableFuture().join());
    try {
      Files.createDirectories(config.dataDir());
      Store store = SqliteStore.open(config.dataDir().resolve("portcullis.db"));
      closeOnFailure.add(store);
      AuditLog audit = ChainedFileAuditLog.open(config.dataDir().resolve("audit.log"),
          config.dataDir().resolve("audit-signing.key"), clock);
      closeOnFailure.add(audit);
      Parts parts = Parts.build(config, store, audit, clock);
      closeOnFailure.add(parts.upstreams());
      closeOnFailure.add(parts.lastMile());
      PolicyWatcher watcher = config.policy().files().isEmpty() ? null : PolicyWatcher.start(parts.policy(), Duration.ofMillis(250));
      if (watcher != null) closeOnFailure.add(watcher);

      ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
      var chain = new StageChain(requestPath(parts), new LogListener());
      var ingress = new McpIngress(chain, parts.sessions(), audit, clock, workers, config.limits().maxRequestBytes(),
          config.publicUrl(), config.servers().stream().map(GatewayConfig.ServerConfig::name).collect(Collectors.toSet()));
      mcp.post("/mcp/:server").handler(ingress::post);
      mcp.get("/mcp/:server").handler(ingress::get);
      mcp.delete("/mcp/:server").handler(ingress::delete);
      var metadata = new ProtectedResourceMetadata(parts.identitySettings(), parts.delegation(),
          config.publicUrl() + "/.well-known/jwks.json", "Portcullis");
      var tokenEndpoint = new TokenEndpoint(parts.tokens(), audit, clock, workers, config.publicUrl());
      mcp.post(TokenEndpoint.PATH).handler(BodyHandler.create().setBodyLimit(TokenEndpoint.MAX_BODY_BYTES))
          .handler(tokenEndpoint::handle);
      mcp.get("/.well-known/oauth-authorization-server").handler(ctx -> WellKnown.json(ctx, TokenEndpoint.metadata(config.publicUrl())));
      mcp.get(ProtectedResourceMetadata.WELL_KNOWN).handler(ctx -> WellKnown.json(ctx, metadata.document()));
      mcp.get(ProtectedResourceMetadata.WELL_KNOWN + "/mcp/:server").handler(ctx -> {
        var doc = new java.util.LinkedHashMap<>(metadata.document());
        doc.put("resource", config.publicUrl() + "/mcp/" + ctx.pathParam("server"));
        WellKnown.json(ctx, doc);
      });
      mcp.get("/.well-known/jwks.json").handler(ctx -> WellKnown.json(ctx, parts.keys().publicJwks()));

      Router admin = Router.router(vertx);
      new AdminApi(parts, workers, AdminToken.loadOrCreate(config.dataDir().resolve("admin.token"))).mount(admin);
      HttpServer adminServer = listen(vertx, admin, config.admin());

      vertx.setPeriodic(1000, id -> {
        if (!workers.isShutdown()) {
          workers.execute(parts.switches()::refresh);
          // Revocations made through another replica take effect here within a second.
          workers.execute(parts.revocations()::refresh);
        }
      });
      LOG.info("Portcullis {} listening for agents on {}:{} and for admins on {}:{}; stages: {}", Version.VERSION,
          config.listen().host(), mcpServer.actualPort(), config.admin().host(), adminServer.actualPort(), chain.stageNames());
      return new Gateway(parts, vertx, mcpServer, adminServer, workers, watcher);
    } catch (IOException | RuntimeException e) {
      for (AutoCloseable c : closeOnFailure.reversed()) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Already failing.
        }
      }
      throw e;
    }
  }

  private static HttpServer listen(Vertx vertx, Router router, GatewayConfig.Endpoint at) throws IOException {
    var options = new HttpServerOptions().setHost(at.host()).setPort(at.port())
        .setMaxHeaderSize(16 * 1024).setCompressionSupported(false);
    try {
      return vertx.createHttpServer(options).requestHandler(router).listen().toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      throw new IOException("cannot listen on " + at.host() + ":" + at.port() + ": " + e.getCause().getMessage(), e);
    }
  }

  /** The port agents connect to. */
  public int port() { return mcpServer.actualPort(); }

  /** The port of the admin API. */
  public int adminPort() { return adminServer.actualPort(); }

  /** The configuration in force. */
  public GatewayConfig config() { return parts.config(); }

  /** The admin token (for the demo and tests, which drive the admin API). */
  public String adminToken() { return AdminToken.read(parts.config().dataDir().resolve("admin.token")); }

  @Override
  public void close() {
    mcpServer.close().toCompletionStage().toCompletableFuture().join();
    adminServer.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    workers.shutdownNow();
    if (policyWatcher != null) {
      try {
        policyWatcher.close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }
    parts.upstreams().close();
    parts.lastMile().close();
    if (parts.firewall() != null) parts.firewall().close();
    parts.flowBackground().shutdown();
    if (parts.users() instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Closing anyway.
      }
    }
    parts.audit().close();
    parts.store().close();
  }
}
