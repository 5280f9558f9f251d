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
 * @param firewall   content inspection and information-flow settings
 * @param vault      the vault's root key and credential backends
 */
public record GatewayConfig(Endpoint listen, Endpoint admin, String publicUrl, Path dataDir, Limits limits,
                            Identity identity, List<UpstreamConfig> upstreams, List<ServerConfig> servers,
                            Tools tools, Policy policy, Approvals approvals, List<Throttle> throttles,
                            Firewall firewall, VaultConfig vault) {
  public GatewayConfig {
    listen = listen == null ? new Endpoint(null, 7700) : listen;
    admin = admin == null ? new Endpoint(null, 7701) : admin;
    publicUrl = publicUrl == null ? "http://" + listen.host() + ":" + listen.port() : stripSlash(publicUrl);
    dataDir = dataDir == null ? Path.of("data") : dataDir;
    limits = limits == null ? new Limits(null, null, null, null) : limits;
    identity = identity == null ? new Identity(null, null, null, null) : identity;
    firewall = firewall == null ? new Firewall(null, null, null, null, null, null, null) : firewall;
    vault = vault == null ? VaultConfig.defaults() : vault;
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
    for (UpstreamConfig u : upstreams) {
      if (u.credential() != null && !vault.backends().containsKey(u.credential())) {
        throw new IllegalArgumentException("upstream '" + u.name() + "' names unknown credential backend '" + u.credential()
            + "' (declare it under vault.backends)");
      }
    }
  }

  /** The same configuration with another public URL. */
  public GatewayConfig withPublicUrl(String url) {
    return new GatewayConfig(listen, admin, url, dataDir, limits, identity, upstreams, servers, tools, policy, approvals,
        throttles, firewall, vault);
  }

  /** A configuration without a vault section (defaults apply). */
  public GatewayConfig(Endpoint listen, Endpoint admin, String publicUrl, Path dataDir, Limits limits,
                       Identity identity, List<UpstreamConfig> upstreams, List<ServerConfig> servers,
                       Tools tools, Policy policy, Approvals approvals, List<Throttle> throttles, Firewall firewall) {
    this(listen, admin, publicUrl, dataDir, limits, identity, upstreams, servers, tools, policy, approvals, throttles,
        firewall, null);
  }

  /** A configuration without a firewall section (defaults apply). */
  public GatewayConfig(Endpoint listen, Endpoint admin, String publicUrl, Path dataDir, Limits limits,
                       Identity identity, List<UpstreamConfig> upstreams, List<ServerConfig> servers,
                       Tools tools, Policy policy, Approvals approvals, List<Throttle> throttles) {
    this(listen, admin, publicUrl, dataDir, limits, identity, upstreams, servers, tools, policy, approvals, throttles,
        null, null);
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
   * Agent identity and delegation settings.
   *
   * @param trustDomain            the SPIFFE trust domain of agent identities (default portcullis.local)
   * @param tokenTtl               default lifetime of agent credentials issued by the admin API (default 15 min)
   * @param maxTokenTtl            longest token lifetime accepted or issued (default 1 h)
   * @param clockSkew              tolerated clock difference (default 30 s)
   * @param allowBearerAgentTokens whether an agent credential without proof of possession may call tools
   *                               directly (default false: calls need an instance or delegation token and a DPoP proof)
   * @param instanceTokenTtl       lifetime of instance tokens, bound to the instance's key (default 10 min)
   * @param delegationTtl          lifetime of delegation tokens (default 5 min; never beyond the user's token)
   * @param maxDelegationDepth     longest agent chain below a user (default 4)
   * @param dpopWindow             how old a DPoP proof may be (default 60 s)
   * @param providers              the organisation's identity providers whose user tokens may be exchanged
   * @param delegation             which agents may act for users and which may delegate to which
   */
  public record Identity(String trustDomain, Duration tokenTtl, Duration maxTokenTtl, Duration clockSkew,
                         Boolean allowBearerAgentTokens, Duration instanceTokenTtl, Duration delegationTtl,
                         Integer maxDelegationDepth, Duration dpopWindow, List<IdentityProvider> providers,
                         DelegationRules delegation) {
    public Identity {
      trustDomain = trustDomain == null ? "portcullis.local" : trustDomain;
      tokenTtl = tokenTtl == null ? Duration.ofMinutes(15) : tokenTtl;
      maxTokenTtl = maxTokenTtl == null ? Duration.ofHours(1) : maxTokenTtl;
      clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
      allowBearerAgentTokens = allowBearerAgentTokens != null && allowBearerAgentTokens;
      instanceTokenTtl = instanceTokenTtl == null ? Duration.ofMinutes(10) : instanceTokenTtl;
      delegationTtl = delegationTtl == null ? Duration.ofMinutes(5) : delegationTtl;
      maxDelegationDepth = maxDelegationDepth == null ? 4 : maxDelegationDepth;
      dpopWindow = dpopWindow == null ? Duration.ofSeconds(60) : dpopWindow;
      providers = providers == null ? List.of() : List.copyOf(providers);
      delegation = delegation == null ? new DelegationRules(null, null) : delegation;
      if (tokenTtl.compareTo(maxTokenTtl) > 0) throw new IllegalArgumentException("token-ttl is longer than max-token-ttl");
      if (instanceTokenTtl.compareTo(maxTokenTtl) > 0) {
        throw new IllegalArgumentException("instance-token-ttl is longer than max-token-ttl");
      }
      if (delegationTtl.compareTo(maxTokenTtl) > 0) throw new IllegalArgumentException("delegation-ttl is longer than max-token-ttl");
      if (maxDelegationDepth < 1 || maxDelegationDepth > 6) {
        throw new IllegalArgumentException("max-delegation-depth must be 1..6, was " + maxDelegationDepth);
      }
      var issuers = new java.util.HashSet<String>();
      for (IdentityProvider p : providers) {
        if (!issuers.add(p.issuer())) throw new IllegalArgumentException("identity provider '" + p.issuer() + "' is listed twice");
      }
    }

    /** Settings with these four and defaults for the rest. */
    public Identity(String trustDomain, Duration tokenTtl, Duration maxTokenTtl, Duration clockSkew) {
      this(trustDomain, tokenTtl, maxTokenTtl, clockSkew, null, null, null, null, null, null, null);
    }
  }

  /**
   * An OpenID Connect provider whose users' access tokens Portcullis accepts at its token endpoint.
   *
   * @param issuer     the provider's issuer URL, exactly as its tokens' {@code iss}; its discovery
   *                   document is read from {@code <issuer>/.well-known/openid-configuration}
   * @param jwksUri    the provider's key set, when it should not be taken from discovery
   * @param audiences  audiences a user token must carry one of (Portcullis's client id or resource)
   * @param algorithms accepted signature algorithms (default RS256, PS256, ES256)
   */
  public record IdentityProvider(@Required String issuer, String jwksUri, @Required List<String> audiences,
                                 List<String> algorithms) {
    public IdentityProvider {
      audiences = audiences == null ? List.of() : List.copyOf(audiences);
      algorithms = algorithms == null ? List.of("RS256", "PS256", "ES256") : List.copyOf(algorithms);
      if (issuer != null && !issuer.matches("https?://.+")) {
        throw new IllegalArgumentException("identity provider issuer must be an http(s) URL, was '" + issuer + "'");
      }
      if (issuer != null && audiences.isEmpty()) {
        throw new IllegalArgumentException("identity provider '" + issuer + "' needs at least one audience");
      }
    }
  }

  /**
   * Who may delegate to whom. A user token's own {@code may_act} claim, when present, decides instead
   * of {@code actForUsers}.
   *
   * @param actForUsers for each agent id, the users it may act for: {@code <issuer>#<subject>} or {@code "*"} for
   *                    every user of the configured providers (default: no agent acts for anyone)
   * @param delegateTo  for each agent id, the agent ids it may hand a narrowed delegation to (default none)
   */
  public record DelegationRules(Map<String, List<String>> actForUsers, Map<String, List<String>> delegateTo) {
    public DelegationRules {
      actForUsers = actForUsers == null ? Map.of() : Map.copyOf(actForUsers);
      delegateTo = delegateTo == null ? Map.of() : Map.copyOf(delegateTo);
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
   * @param toolLabels what the operator declares about each of its tools (by the upstream's tool name)
   * @param txnToken  whether to send a signed transaction token ({@code Txn-Token} header) with each call,
   *                  for upstreams that verify it against the gateway's JWKS (default false)
   * @param txnAudience the audience of those transaction tokens (default the upstream's name)
   * @param credential the vault credential backend whose per-task credential every call carries, or none
   * @param http      an HTTP API served as tools (instead of url or command)
   * @param sql       a SQL database served as named queries (instead of url or command)
   */
  public record UpstreamConfig(@Required String name, String url, List<String> command, Map<String, String> env,
                               Map<String, Secret> secretEnv, Map<String, Secret> headers,
                               Map<String, ToolLabel> toolLabels, Boolean txnToken, String txnAudience,
                               String credential, ConnectorConfig.Http http, ConnectorConfig.Sql sql) {
    /** An upstream without tool labels or transaction tokens. */
    public UpstreamConfig(String name, String url, List<String> command, Map<String, String> env,
                          Map<String, Secret> secretEnv, Map<String, Secret> headers) {
      this(name, url, command, env, secretEnv, headers, null, null, null);
    }

    /** An MCP upstream without a vault credential. */
    public UpstreamConfig(String name, String url, List<String> command, Map<String, String> env,
                          Map<String, Secret> secretEnv, Map<String, Secret> headers,
                          Map<String, ToolLabel> toolLabels, Boolean txnToken, String txnAudience) {
      this(name, url, command, env, secretEnv, headers, toolLabels, txnToken, txnAudience, null, null, null);
    }

    /** Whether the gateway serves this upstream's tools itself (an HTTP or SQL connector). */
    public boolean isConnector() { return http != null || sql != null; }

    public UpstreamConfig {
      toolLabels = toolLabels == null ? Map.of() : Map.copyOf(toolLabels);
      txnToken = txnToken != null && txnToken;
      txnAudience = txnAudience == null ? name : txnAudience;
      command = command == null ? List.of() : List.copyOf(command);
      env = env == null ? Map.of() : Map.copyOf(env);
      secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      if (name != null && !name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
        throw new IllegalArgumentException("upstream name '" + name + "' must match [a-z0-9][a-z0-9_-]*");
      }
      int kinds = (url != null ? 1 : 0) + (command.isEmpty() ? 0 : 1) + (http != null ? 1 : 0) + (sql != null ? 1 : 0);
      if (kinds != 1) throw new IllegalArgumentException("upstream '" + name + "' needs exactly one of url, command, http or sql");
      if (sql != null && credential == null) {
        throw new IllegalArgumentException("sql upstream '" + name + "' needs a credential (a postgres backend of the vault)");
      }
      if (url != null && !url.matches("https?://.+")) throw new IllegalArgumentException("upstream url must be http(s), was '" + url + "'");
    }
  }

  /**
   * What an operator declares about one tool (see {@link dev.portcullis.core.ToolLabels}).
   *
   * @param consequential   the call acts on the world: send, pay, delete, share, external POST (default false)
   * @param source          {@code trusted} or {@code untrusted}: where its results come from (default untrusted)
   * @param confidentiality class of its results: public, internal, personal or secret (default internal)
   * @param receives        classes of data its arguments may carry (default public and internal)
   * @param guarded         the top-level arguments whose origin matters, such as a payment's recipient
   *                        and amount (default: every argument)
   * @param trustedValues   patterns of guarded values the operator vouches for, such as the
   *                        organisation's own addresses ({@code *@example.com}); default none
   * @param parties         the parties the tool's source names in its records and the values it
   *                        attributes to each ({@link dev.portcullis.core.ToolLabels.Party}); default none
   */
  public record ToolLabel(Boolean consequential, String source, String confidentiality, List<String> receives,
                          List<String> guarded, List<String> trustedValues, List<Party> parties) {
    public ToolLabel {
      toLabels(consequential, source, confidentiality, receives, guarded, trustedValues, parties);
    }

    /** A label whose source attributes nothing to named parties. */
    public ToolLabel(Boolean consequential, String source, String confidentiality, List<String> receives,
                     List<String> guarded, List<String> trustedValues) {
      this(consequential, source, confidentiality, receives, guarded, trustedValues, null);
    }

    /** A label without guarded arguments: every argument is guarded. */
    public ToolLabel(Boolean consequential, String source, String confidentiality, List<String> receives) {
      this(consequential, source, confidentiality, receives, null, null);
    }

    /** The labels as the request path uses them. */
    public dev.portcullis.core.ToolLabels labels() {
      return toLabels(consequential, source, confidentiality, receives, guarded, trustedValues, parties);
    }

    private static dev.portcullis.core.ToolLabels toLabels(Boolean consequential, String source, String confidentiality,
                                                         List<String> receives, List<String> guarded,
                                                         List<String> trustedValues, List<Party> parties) {
      var d = dev.portcullis.core.ToolLabels.UNLABELLED;
      return new dev.portcullis.core.ToolLabels(consequential != null && consequential, source == null ? d.source() : source,
          confidentiality == null ? d.confidentiality() : confidentiality,
          receives == null ? d.receives() : java.util.Set.copyOf(receives),
          guarded == null ? java.util.Set.of() : java.util.Set.copyOf(guarded),
          trustedValues == null ? java.util.Set.of() : java.util.Set.copyOf(trustedValues),
          parties == null ? List.of() : parties.stream().map(Party::party).toList());
    }

    /**
     * One party a tool's records name (see {@link dev.portcullis.core.ToolLabels.Party}).
     *
     * @param name   the record field holding the party's name, e.g. {@code sender_name}
     * @param values the fields of the same record the source attributes to that party
     */
    public record Party(String name, List<String> values) {
      public Party {
        if (name == null) throw new IllegalArgumentException("parties: each party needs a name (the field holding it)");
        if (values == null) throw new IllegalArgumentException("parties: party '" + name + "' needs values");
        party(name, values);
      }

      dev.portcullis.core.ToolLabels.Party party() { return party(name, values); }

      private static dev.portcullis.core.ToolLabels.Party party(String name, List<String> values) {
        return new dev.portcullis.core.ToolLabels.Party(name, java.util.Set.copyOf(values));
      }
    }
  }

  /**
   * Content inspection and information-flow tracking.
   *
   * @param enabled       whether tool results and arguments are inspected and labelled (default true)
   * @param actions       action per finding category or rule id: allow, annotate, redact, hold or block
   * @param gitleaksRules gitleaks TOML rule files to load in addition to the built-in secret rules
   * @param phoneRegions  regions whose phone number formats are recognised (default US, GB, DE, FR)
   * @param classifier    an optional ONNX prompt-injection classifier
   * @param helperThreads threads that share the inspection of a long result with the calling thread
   *                      (0 to 8, default 0: each result is inspected on the thread that carries it)
   * @param deferAnnotations whether the detectors whose findings are only annotated inspect a long
   *                      result after it has passed, before the session's next decision, with their
   *                      findings in an audit record of their own (default true)
   */
  public record Firewall(Boolean enabled, Map<String, String> actions, List<Path> gitleaksRules, List<String> phoneRegions,
                         Classifier classifier, Integer helperThreads, Boolean deferAnnotations) {
    public Firewall {
      deferAnnotations = deferAnnotations == null || deferAnnotations;
      helperThreads = helperThreads == null ? 0 : helperThreads;
      if (helperThreads < 0 || helperThreads > dev.portcullis.firewall.Firewall.MAX_HELPERS) {
        throw new IllegalArgumentException("firewall helper-threads must be between 0 and " + dev.portcullis.firewall.Firewall.MAX_HELPERS
            + ", was " + helperThreads);
      }
      enabled = enabled == null || enabled;
      actions = actions == null ? Map.of() : Map.copyOf(actions);
      gitleaksRules = gitleaksRules == null ? List.of() : List.copyOf(gitleaksRules);
      phoneRegions = phoneRegions == null ? List.of("US", "GB", "DE", "FR") : List.copyOf(phoneRegions);
      for (var e : actions.entrySet()) {
        if (!List.of("allow", "annotate", "redact", "hold", "block").contains(e.getValue())) {
          throw new IllegalArgumentException("firewall action for '" + e.getKey()
              + "' must be allow, annotate, redact, hold or block, was '" + e.getValue() + "'");
        }
      }
    }
  }

  /**
   * An ONNX sequence classifier an operator supplies; nothing is downloaded.
   *
   * @param model     the ONNX model file
   * @param vocab     the tokenizer's WordPiece vocabulary ({@code vocab.txt})
   * @param threshold the injection probability at or above which a text is flagged (default 0.9)
   */
  public record Classifier(@Required Path model, @Required Path vocab, Double threshold) {
    public Classifier {
      threshold = threshold == null ? 0.9 : threshold;
      if (threshold <= 0 || threshold > 1) throw new IllegalArgumentException("classifier threshold must be in (0, 1]");
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
