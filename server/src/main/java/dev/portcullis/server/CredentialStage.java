package dev.portcullis.server;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import java.util.Map;

/**
 * Injects the upstream's credentials into the forwarded request (stage 8). In this first cut the
 * credentials are static headers resolved from secret references in the configuration; they are
 * added only to the upstream request, never to anything the agent or the audit log sees. The
 * vault with short-lived, per-task leases replaces the source of the values, not this stage.
 */
final class CredentialStage implements Stage {
  private final Map<String, Map<String, String>> headersByUpstream;

  /** @param headersByUpstream resolved header values by upstream name */
  CredentialStage(Map<String, Map<String, String>> headersByUpstream) {
    this.headersByUpstream = Map.copyOf(headersByUpstream);
  }

  @Override
  public String name() { return "credential"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    if (exchange.tool() != null) {
      var headers = headersByUpstream.getOrDefault(exchange.tool().upstream(), Map.of());
      headers.forEach(exchange::injectUpstreamHeader);
      if (!headers.isEmpty()) exchange.note("credential", Map.of("upstream", exchange.tool().upstream(), "kind", "static-header"));
    }
    return chain.proceed(exchange);
  }
}
