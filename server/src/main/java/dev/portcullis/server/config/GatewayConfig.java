package dev.portcullis.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole gateway configuration, as read from YAML (keys in kebab-case). Every section has
 * defaults, so an empty file is a valid configuration of a gateway with nothing behind it.
 *
 * @param listen     where agents connect (default 127.0.0.1:7700)
 * @param admin      where the admin API listens (default 127.0.0.1:7701)
 * @param publicUrl  the URL agents use to reach the gateway: token issuer, audience base and
 *                   metadata URLs derive from it (default http://127.0.0.1:{listen port})
 * @param dataDir    where state, keys and the audit log live (default ./data)
 * @param limits     size and time limits
 * @param identity   agent token settings
 * @param upstreams  MCP servers behind the gateway
 * @param servers    virtual servers agents see, each a set of upstreams
 * @param tools      tool registry settings
 * @param policy     policy files
 * @param approvals  approval settings
 * @param throttles  rate and quantity limits
 */
public record GatewayConfig(Endpoint listen, Endpoint admin, String publicUrl, Path dataDir, Limits limits,
                            Identity identity, List<UpstreamConfig> upstreams, List<ServerConfig> servers,
                            Tools tools, Policy policy, Approvals approvals, List<Throttle> throttles) {
  public GatewayConfig {
    listen = listen == null ? new Endpoint(null, 7700) : listen;
    admin = admin == null ? new Endpoint(null, 7701) : admin;
    publicUrl = publicUrl == null ? "http://" + listen.host() + ":" + listen.port() : stripSlash(publicUrl);
    dataDir = dataDir == null ? Path.of("data") : dataDir;
    limits = limits == null ? new Limits(null, null, null, null) : limits;
    identity = identity == null ? new Identity(null, null, null, null) : identity;
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    servers = servers == null ? List.of() : List.copyOf(servers);
    tools = tools == null ? new Tools(null, null) : tools;
    policy = policy == null ? new Policy(null) : policy;
    approvals = approvals == null ? new Approvals(null, null) : approvals;
    throttles = throttles == null ? List.of() : List.copyOf(throttles);
    var names = new java.util.HashSet<String>();
    for (UpstreamConfig u : upstreams) {
      if (!names.add(u.name())) throw new IllegalArgumentException("upstream name '" + u.name() + "' is used twice");
    }
    var serverNames = new java.util.HashSet<String>();
    for (ServerConfig s : servers) {
      if (!serverNames.add(s.name())) throw new IllegalArgumentException("server name '" + s.name() + "' is used twice");
      for (String u : s.upstreams()) {
        if (!names.contains(u)) throw new IllegalArgumentException("server '" + s.name() + "' names unknown upstream '" + u + "'");
      }
    }
  }

  /** The same configuration with another public URL. */
  public GatewayConfig withPublicUrl(String url) {
    return new GatewayConfig(listen, admin, url, dataDir, limits, identity, upstreams, servers, tools, policy, approvals, throttles);
  }

  private static String stripSlash(String url) { return url.endsWith("/") ? url.substring(0, url.length() - 1) : url; }

  /** A listening address; the host defaults to loopback. */
  public record Endpoint(String host, Integer port) {
    public Endpoint {
      host = host == null ? "127.0.0.1" : host;
      port = port == null ? 0 : port;
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
  }

  /**
   * Size and time limits.
   *
   * @param maxRequestBytes  largest request body from an agent (default 4 MiB)
   * @param maxResponseBytes largest single message from an upstream (default 32 MiB)
   * @param upstreamTimeout  how long to wait for an upstream's next message (default 120 s)
   * @param sessionIdle      when an idle MCP session ends (default 30 min)
   */
  public record Limits(Long maxRequestBytes, Long maxResponseBytes, Duration upstreamTimeout, Duration sessionIdle) {
    public Limits {
      maxRequestBytes = maxRequestBytes == null ? 4L << 20 : maxRequestBytes;
      maxResponseBytes = maxResponseBytes == null ? 32L << 20 : maxResponseBytes;
      upstreamTimeout = upstreamTimeout == null ? Duration.ofSeconds(120) : upstreamTimeout;
      sessionIdle = sessionIdle == null ? Duration.ofMinutes(30) : sessionIdle;
      if (maxRequestBytes < 1024) throw new IllegalArgumentException("max-request-bytes must be at least 1024");
      if (maxResponseBytes < 1024 || maxResponseBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("max-response-bytes must be between 1024 and 2 GiB");
      }
    }
  }

  /**
   * Agent token settings.
   *
   * @param trustDomain  the SPIFFE trust domain of agent identities (default portcullis.local)
   * @param tokenTtl     default token lifetime (default 15 min)
   * @param maxTokenTtl  longest token lifetime accepted or issued (default 1 h)
   * @param clockSkew    tolerated clock difference (default 30 s)
   */
  public record Identity(String trustDomain, Duration tokenTtl, Duration maxTokenTtl, Duration clockSkew) {
    public Identity {
      trustDomain = trustDomain == null ? "portcullis.local" : trustDomain;
      tokenTtl = tokenTtl == null ? Duration.ofMinutes(15) : tokenTtl;
      maxTokenTtl = maxTokenTtl == null ? Duration.ofHours(1) : maxTokenTtl;
      clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
      if (tokenTtl.compareTo(maxTokenTtl) > 0) throw new IllegalArgumentException("token-ttl is longer than max-token-ttl");
    }
  }

  /**
   * An MCP server behind the gateway: either {@code url} (Streamable HTTP) or {@code command}
   * (stdio, launched by the gateway).
   *
   * @param name    the namespace of its tools: {@code [a-z0-9][a-z0-9_-]*}
   * @param url     Streamable HTTP endpoint
   * @param command program and arguments of a stdio server
   * @param env     plain environment variables of a stdio server
   * @param secretEnv environment variables of a stdio server taken from secret references
   * @param headers headers to inject into every request to an HTTP upstream (credentials); the
   *                agent never sees them
   */
  public record UpstreamConfig(@Required String name, String url, List<String> command, Map<String, String> env,
                               Map<String, Secret> secretEnv, Map<String, Secret> headers) {
    public UpstreamConfig {
      command = command == null ? List.of() : List.copyOf(command);
      env = env == null ? Map.of() : Map.copyOf(env);
      secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      if (name != null && !name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
        throw new IllegalArgumentException("upstream name '" + name + "' must match [a-z0-9][a-z0-9_-]*");
      }
      if ((url == null) == command.isEmpty()) throw new IllegalArgumentException("upstream '" + name + "' needs exactly one of url or command");
      if (url != null && !url.matches("https?://.+")) throw new IllegalArgumentException("upstream url must be http(s), was '" + url + "'");
    }
  }

  /**
   * A virtual MCP server: one endpoint ({@code /mcp/<name>}) presenting the tools of its upstreams.
   *
   * @param name         path segment of the endpoint
   * @param upstreams    upstream names
   * @param instructions instructions sent to clients at initialize
   */
  public record ServerConfig(@Required String name, List<String> upstreams, String instructions) {
    public ServerConfig {
      upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
      if (name != null && !name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
        throw new IllegalArgumentException("server name '" + name + "' must match [a-z0-9][a-z0-9_-]*");
      }
    }
  }

  /**
   * Tool registry settings.
   *
   * @param approve tools approved by configuration: namespaced name → pinned {@code sha256:...}
   *                digest, or {@code first-seen} to pin the definition offered when first seen
   * @param refresh how long a listing of upstream tools is trusted before calls look again (default 30 s)
   */
  public record Tools(Map<String, String> approve, Duration refresh) {
    public Tools {
      approve = approve == null ? Map.of() : Map.copyOf(approve);
      refresh = refresh == null ? Duration.ofSeconds(30) : refresh;
      approve.forEach((k, v) -> {
        if (!v.equals("first-seen") && !v.matches("sha256:[0-9a-f]{64}")) {
          throw new IllegalArgumentException("tool '" + k + "': approve must be first-seen or sha256:<64 hex>, was '" + v + "'");
        }
      });
    }
  }

  /** Policy files and directories (hot-reloaded); no files means every call is denied. */
  public record Policy(List<Path> files) {
    public Policy { files = files == null ? List.of() : List.copyOf(files); }
  }

  /**
   * Approval settings.
   *
   * @param timeout how long a held call waits for a human before it is denied (default 5 min)
   * @param webhook URL notified (POST, JSON) of each pending approval, or none
   */
  public record Approvals(Duration timeout, String webhook) {
    public Approvals { timeout = timeout == null ? Duration.ofMinutes(5) : timeout; }
  }

  /**
   * A rate or quantity limit.
   *
   * @param id       name in errors and metrics
   * @param scope    per-agent, per-agent-tool, per-tool or global
   * @param agents   agent glob (default all)
   * @param tools    tool glob (default all)
   * @param limit    calls (or units) per window
   * @param window   the window
   * @param argument for a quantity limit: the numeric argument whose value is the cost of a call
   */
  public record Throttle(@Required String id, @Required String scope, String agents, String tools, @Required Long limit,
                         @Required Duration window, String argument) {}
}
