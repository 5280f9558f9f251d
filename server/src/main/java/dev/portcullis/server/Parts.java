package dev.portcullis.server;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.state.Store;
import dev.portcullis.firewall.Firewall;
import dev.portcullis.firewall.flow.FlowStage;
import dev.portcullis.firewall.flow.FlowTracker;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.identity.AgentTokenIssuer;
import dev.portcullis.identity.CallerVerifier;
import dev.portcullis.identity.ConfiguredDelegationRules;
import dev.portcullis.identity.DelegationRules;
import dev.portcullis.identity.DelegationSettings;
import dev.portcullis.identity.IdentityContext;
import dev.portcullis.identity.RevocationList;
import dev.portcullis.identity.TokenService;
import dev.portcullis.identity.UserTokenVerifier;
import dev.portcullis.identity.idp.OidcProvider;
import dev.portcullis.identity.idp.OidcTokenVerifier;
import dev.portcullis.identity.IdentitySettings;
import dev.portcullis.identity.SigningKeys;
import dev.portcullis.identity.txn.TxnTokenIssuer;
import dev.portcullis.mcp.HttpUpstream;
import dev.portcullis.mcp.StdioUpstream;
import dev.portcullis.mcp.Upstream;
import dev.portcullis.mcp.UpstreamSet;
import dev.portcullis.oversight.ApprovalDesk;
import dev.portcullis.oversight.KillSwitchBoard;
import dev.portcullis.oversight.ThrottleRule;
import dev.portcullis.policy.CelPolicyEngine;
import dev.portcullis.policy.PolicyListener;
import dev.portcullis.policy.PolicyProblem;
import dev.portcullis.registry.ResolveToolStage;
import dev.portcullis.registry.ToolRegistry;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every capability of a gateway, built from its configuration and wired to the shared store and
 * audit log. The server module is the only place that knows them all.
 */
record Parts(GatewayConfig config, InstantSource clock, Store store, AuditLog audit, SigningKeys keys,
             IdentitySettings identitySettings, AgentTokenIssuer issuer, Sessions sessions,
             KillSwitchBoard switches, List<ThrottleRule> throttles, ToolRegistry registry, ResolveToolStage resolver,
             CelPolicyEngine policy, ApprovalDesk approvals, Map<String, Map<String, String>> credentials,
             UpstreamSet upstreams, TxnTokenIssuer txnTokens, FlowTracker flow, RevocationList revocations,
             DelegationSettings delegation, CallerVerifier callers, TokenService tokens, UserTokenVerifier users,
             Firewall firewall, LastMile lastMile, java.util.concurrent.ExecutorService flowBackground) {
  private static final Logger LOG = LoggerFactory.getLogger(Parts.class);

  /** The vault. */
  dev.portcullis.vault.Vault vault() { return lastMile.vault(); }

  /** The lease manager. */
  dev.portcullis.vault.lease.LeaseManager leases() { return lastMile.leases(); }

  static Parts build(GatewayConfig config, Store store, AuditLog audit, InstantSource clock) throws IOException {
    SigningKeys keys = SigningKeys.loadOrCreate(config.dataDir().resolve("token-signing.jwk"));
    var identity = new IdentitySettings(config.publicUrl(), config.publicUrl(), config.identity().trustDomain(),
        config.identity().maxTokenTtl(), config.identity().clockSkew());
    var delegation = delegationSettings(config.identity());
    var issuer = new AgentTokenIssuer(identity, keys, clock);
    var revocations = new RevocationList(store.revocations());
    var context = new IdentityContext(identity, delegation, keys, store.agents(), store.instances(), revocations, clock);
    UserTokenVerifier users = userTokens(config.identity(), clock);
    var served = new java.util.HashSet<String>();
    config.servers().forEach(s -> served.add(config.publicUrl() + "/mcp/" + s.name()));
    var tokens = new TokenService(context, users, delegationRules(config.identity().delegation()), Set.copyOf(served)::contains);
    var sessions = new Sessions(clock, config.limits().sessionIdle(), 10_000);
    var switches = new KillSwitchBoard(store.switches(), clock);
    var upstreams = upstreams(config);
    var registry = new ToolRegistry(store.tools(), clock, config.tools().approve());
    var resolver = new ResolveToolStage(registry, upstreams, clock, config.tools().refresh());
    CelPolicyEngine policy = loadPolicy(config);
    var approvals = new ApprovalDesk(store.approvals(), clock, config.approvals().timeout(), Duration.ofMillis(500));
    LastMile lastMile = LastMile.start(config, store, audit, clock, System.getenv());
    revocations.onRevocation(lastMile::revoked);
    return new Parts(config, clock, store, audit, keys, identity, issuer, sessions, switches,
        throttles(config), registry, resolver, policy, approvals, credentials(config), upstreams,
        new TxnTokenIssuer(config.publicUrl(), "spiffe://" + config.identity().trustDomain() + "/gateway", keys, clock),
        new FlowTracker(FlowTracker.Limits.DEFAULTS, clock), revocations, delegation, new CallerVerifier(context), tokens,
        users, FirewallSetup.build(config.firewall()), lastMile, FlowStage.backgroundThreads());
  }

  private static DelegationSettings delegationSettings(GatewayConfig.Identity id) {
    var d = DelegationSettings.defaults();
    return new DelegationSettings(id.instanceTokenTtl(), id.delegationTtl(), id.maxDelegationDepth(), id.dpopWindow(),
        d.proofMaxFuture(), d.replayCacheSize(), id.allowBearerAgentTokens());
  }

  /** The verifier of users' tokens: one per configured provider, or one that refuses when there is none. */
  private static UserTokenVerifier userTokens(GatewayConfig.Identity id, InstantSource clock) {
    if (id.providers().isEmpty()) {
      return token -> {
        throw new GatewayException(new GatewayError.Unauthenticated("no identity provider is configured for user tokens"));
      };
    }
    var providers = id.providers().stream().map(p -> {
      OidcProvider provider = OidcProvider.of(p.issuer(), Set.copyOf(p.audiences())).withAlgorithms(Set.copyOf(p.algorithms()));
      return p.jwksUri() == null ? provider : provider.withJwksUri(URI.create(p.jwksUri()));
    }).toList();
    return new OidcTokenVerifier(providers, clock);
  }

  private static DelegationRules delegationRules(GatewayConfig.DelegationRules rules) {
    var users = new java.util.LinkedHashMap<String, Set<String>>();
    rules.actForUsers().forEach((agent, list) -> users.put(agent, Set.copyOf(list)));
    var children = new java.util.LinkedHashMap<String, Set<String>>();
    rules.delegateTo().forEach((agent, list) -> children.put(agent, Set.copyOf(list)));
    return new ConfiguredDelegationRules(users, children);
  }

  private static CelPolicyEngine loadPolicy(GatewayConfig config) {
    try {
      return CelPolicyEngine.load(config.policy().files(), new PolicyListener() {
        @Override
        public void reloaded(String oldVersion, String newVersion, int rules) {
          LOG.info("policy reloaded: {} -> {} ({} rules)", oldVersion, newVersion, rules);
        }

        @Override
        public void reloadFailed(String keptVersion, List<PolicyProblem> problems) {
          LOG.error("policy reload refused, keeping {}:\n{}", keptVersion,
              String.join("\n", problems.stream().map(PolicyProblem::toString).toList()));
        }
      });
    } catch (dev.portcullis.policy.PolicyLoadException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static UpstreamSet upstreams(GatewayConfig config) {
    int maxMessage = Math.toIntExact(config.limits().maxResponseBytes());
    var all = new LinkedHashMap<String, Upstream>();
    for (GatewayConfig.UpstreamConfig u : config.upstreams()) {
      Upstream upstream;
      if (u.http() != null) {
        upstream = Connectors.http(u.name(), u.http(), config.limits().upstreamTimeout(), maxMessage);
      } else if (u.sql() != null) {
        upstream = Connectors.sql(u.name(), u.sql());
      } else if (u.url() != null) {
        upstream = new HttpUpstream(u.name(), URI.create(u.url()), config.limits().upstreamTimeout(), maxMessage);
      } else {
        upstream = new StdioUpstream(u.name(), u.command(), environment(u), null, config.limits().upstreamTimeout(), maxMessage);
      }
      all.put(u.name(), upstream);
    }
    var servers = new LinkedHashMap<String, List<String>>();
    config.servers().forEach(s -> servers.put(s.name(), s.upstreams()));
    return new UpstreamSet(all, servers);
  }

  private static Map<String, String> environment(GatewayConfig.UpstreamConfig u) {
    var env = new LinkedHashMap<>(u.env());
    env.putAll(resolve(u.secretEnv()));
    return env;
  }

  private static Map<String, Map<String, String>> credentials(GatewayConfig config) {
    var byUpstream = new LinkedHashMap<String, Map<String, String>>();
    for (GatewayConfig.UpstreamConfig u : config.upstreams()) {
      if (!u.headers().isEmpty()) byUpstream.put(u.name(), resolve(u.headers()));
    }
    return byUpstream;
  }

  private static Map<String, String> resolve(Map<String, Secret> secrets) {
    var values = new LinkedHashMap<String, String>();
    secrets.forEach((k, v) -> values.put(k, v.resolve()));
    return values;
  }

  private static List<ThrottleRule> throttles(GatewayConfig config) {
    return config.throttles().stream().map(t -> new ThrottleRule(t.id(),
        ThrottleRule.Scope.valueOf(t.scope().toUpperCase(Locale.ROOT).replace('-', '_')), t.agents(), t.tools(),
        t.limit(), t.window(), t.argument())).toList();
  }
}
