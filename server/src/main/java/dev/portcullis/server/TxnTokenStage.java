package dev.portcullis.server;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.identity.txn.TxnTokenIssuer;
import dev.portcullis.server.config.GatewayConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries the verified identity to backends that can check it: for each upstream configured with
 * {@code txn-token: true}, adds a {@code Txn-Token} header holding a short-lived transaction token
 * signed by the gateway (user, actor chain, transaction, the tool and a digest of the arguments).
 * The backend verifies it against the gateway's JWKS; the agent's own token never goes upstream.
 * Stdio upstreams have no headers, so they are protected by the gateway enforcing on their behalf.
 */
final class TxnTokenStage implements Stage {
  /** The header the token travels in. */
  static final String HEADER = "Txn-Token";

  private final TxnTokenIssuer issuer;
  private final Map<String, String> audienceByUpstream;

  TxnTokenStage(TxnTokenIssuer issuer, Iterable<GatewayConfig.UpstreamConfig> upstreams) {
    this.issuer = issuer;
    var audiences = new LinkedHashMap<String, String>();
    for (GatewayConfig.UpstreamConfig u : upstreams) {
      if (u.txnToken() && u.url() != null) audiences.put(u.name(), u.txnAudience());
    }
    this.audienceByUpstream = Map.copyOf(audiences);
  }

  @Override
  public String name() { return "txn-token"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    String audience = exchange.tool() == null ? null : audienceByUpstream.get(exchange.tool().upstream());
    if (audience != null && exchange.principal() != null) {
      var tctx = new LinkedHashMap<String, Object>();
      tctx.put("tool", exchange.tool().upstreamName());
      tctx.put("args_digest", exchange.argumentsDigest());
      Delegation delegation = exchange.principal().delegation();
      if (delegation != null && delegation.task() != null) tctx.put("task", delegation.task());
      var rctx = new LinkedHashMap<String, Object>();
      rctx.put("exchange", exchange.id());
      String token = issuer.issue(exchange.principal(), audience, exchange.tool().name(), tctx, rctx);
      exchange.injectUpstreamHeader(HEADER, token);
      exchange.note("txnToken", Map.of("audience", audience));
    }
    return chain.proceed(exchange);
  }
}
