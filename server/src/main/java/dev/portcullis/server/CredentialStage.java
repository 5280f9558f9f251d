package dev.portcullis.server;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Principal;
import dev.portcullis.core.Stage;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.VaultException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks out the credential a call's backend needs and hands it to the forward stage (stage 8):
 * just in time, per task. The first call of a task that needs a backend mints a lease; later calls
 * of the same task reuse it; the lease ends with the task's grant (the delegation token's expiry,
 * or the agent's own token when no user delegated), on revocation of anything in the chain, or at
 * its TTL. Credentials go only to the upstream request: never to the agent, a log or the audit log,
 * which notes the lease id.
 *
 * <p>Upstreams configured with static {@code headers} (secret references resolved at start) still
 * get them; they are the fallback for MCP servers that only take a fixed key.
 */
final class CredentialStage implements Stage {

  /** The vault's check-out, as this stage needs it. */
  interface CheckOut {
    /** The credential of {@code backend} for {@code scope}'s task, minted now or reused. */
    LastMileCredential checkOut(String backend, LeaseScope scope, Instant grantEnds);
  }

  private final Map<String, Map<String, String>> staticHeaders;
  private final Map<String, String> backendByUpstream;
  private final CheckOut vault;

  /**
   * @param staticHeaders     resolved header values by upstream name
   * @param backendByUpstream the credential backend of each upstream that has one
   * @param vault             the check-out (unused when no upstream names a backend)
   */
  CredentialStage(Map<String, Map<String, String>> staticHeaders, Map<String, String> backendByUpstream, CheckOut vault) {
    this.staticHeaders = Map.copyOf(staticHeaders);
    this.backendByUpstream = Map.copyOf(backendByUpstream);
    this.vault = vault;
  }

  @Override
  public String name() { return "credential"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    if (exchange.tool() != null) {
      String upstream = exchange.tool().upstream();
      var headers = staticHeaders.getOrDefault(upstream, Map.of());
      headers.forEach(exchange::injectUpstreamHeader);
      if (!headers.isEmpty()) exchange.note("credential", Map.of("upstream", upstream, "kind", "static-header"));
      String backend = backendByUpstream.get(upstream);
      if (backend != null) checkOut(exchange, upstream, backend);
    }
    return chain.proceed(exchange);
  }

  private void checkOut(Exchange exchange, String upstream, String backend) {
    Principal principal = exchange.principal();
    if (principal == null) throw new GatewayException(new GatewayError.Internal("credential stage ran before authentication"));
    LastMileCredential credential;
    try {
      credential = vault.checkOut(backend, scope(principal), grantEnds(principal));
    } catch (VaultException e) {
      throw new GatewayException(new GatewayError.CredentialUnavailable(backend, e.getMessage()));
    }
    if (credential instanceof LastMileCredential.Headers h) h.headers().forEach(exchange::injectUpstreamHeader);
    exchange.put(LastMileCredential.KEY, credential);
    var note = new LinkedHashMap<String, Object>();
    note.put("upstream", upstream);
    note.put("backend", backend);
    note.put("lease", credential.leaseId());
    note.put("expiresAt", credential.expiresAt().toString());
    exchange.note("credential", note);
  }

  /**
   * Whom the lease is for. Under delegation the task is the grant's task (or the transaction when
   * the grant names none); an agent acting on its own has its token as its grant.
   */
  static LeaseScope scope(Principal principal) {
    Delegation d = principal.delegation();
    if (d == null) {
      return new LeaseScope(null, List.of(principal.agentId()), tokenTask(principal.tokenId()), null);
    }
    var agents = new ArrayList<String>();
    for (Delegation.Actor actor : d.chain().reversed()) agents.add(actor.agentId());
    String task = d.task() != null ? d.task() : "txn:" + d.txn();
    return new LeaseScope(d.userIssuer() + "#" + d.user(), agents, task, d.txn());
  }

  /** The task of an agent acting on its own: its token is its grant, so revoking the token ends the task. */
  static String tokenTask(String tokenId) { return "token:" + tokenId; }

  /** When the task's grant ends: the delegation's expiry, or the agent token's. */
  static Instant grantEnds(Principal principal) {
    return principal.delegation() != null ? principal.delegation().expiresAt() : principal.expiresAt();
  }
}
