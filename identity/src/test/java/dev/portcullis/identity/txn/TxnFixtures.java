package dev.portcullis.identity.txn;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Principal;
import dev.portcullis.identity.SigningKeys;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/** Keys, callers and an issuer for transaction token tests. */
final class TxnFixtures {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final String ISSUER = "https://gw.example.com";
  static final String WORKLOAD = "spiffe://portcullis.example/gateway";
  static final String AUDIENCE = "payments.example";
  static final String INSTANCE = "spiffe://portcullis.example/agent/invoice-bot/i/i-1";
  static final String PARENT = "spiffe://portcullis.example/agent/planner/i/p-7";

  final SigningKeys keys = SigningKeys.generate();
  final TxnTokenIssuer issuer = new TxnTokenIssuer(ISSUER, WORKLOAD, keys, InstantSource.fixed(NOW));

  /** An agent instance acting on its own. */
  static Principal alone() {
    return new Principal("invoice-bot", INSTANCE, "team-billing", "jti-1", NOW.plusSeconds(600), Map.of());
  }

  /** An agent instance acting for alice, delegated through a planner. */
  static Principal forAlice() {
    var delegation = new Delegation("alice", "https://idp.example.com", List.of(
        new Delegation.Actor("invoice-bot", INSTANCE), new Delegation.Actor("planner", PARENT)),
        "txn-4711", "task-9", List.of(), "https://gw.example.com/mcp", NOW.plusSeconds(600));
    return new Principal("invoice-bot", INSTANCE, "team-billing", "jti-2", NOW.plusSeconds(600), Map.of(), delegation);
  }

  /** A verifier trusting {@link #keys} for {@link #AUDIENCE}, at {@code at}. */
  TxnTokenVerifier verifier(Instant at) {
    return new TxnTokenVerifier(keys.publicJwks(), AUDIENCE, InstantSource.fixed(at));
  }

  /** A token for the billing tool with a small context. */
  String token(Principal principal) {
    return issuer.issue(principal, AUDIENCE, "payments.pay_invoice",
        Map.of("tool", "payments.pay_invoice", "argsDigest", "sha256:ab"), Map.of("req_ip", "10.0.0.7"));
  }
}
