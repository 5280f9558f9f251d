package dev.portcullis.identity.txn;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims of a transaction token that passed {@link TxnTokenVerifier}.
 *
 * @param issuer             who issued it ({@code iss}), or {@code null} when absent
 * @param subject            whom the call is for ({@code sub}): {@code <issuer>#<user>} or an agent's workload identity
 * @param audience           the backend it is for ({@code aud})
 * @param txn                the transaction it belongs to ({@code txn})
 * @param scope              what the call is for ({@code scope}), or {@code null} when absent
 * @param workload           the workload that requested it ({@code req_wl}), or {@code null} when absent
 * @param issuedAt           when it was issued ({@code iat})
 * @param expiresAt          when it expires ({@code exp})
 * @param transactionContext the transaction context ({@code tctx}), empty when absent
 * @param requestContext     the request context ({@code rctx}), empty when absent
 */
public record TxnToken(String issuer, String subject, String audience, String txn, String scope, String workload,
                       Instant issuedAt, Instant expiresAt, Map<String, Object> transactionContext,
                       Map<String, Object> requestContext) {
  public TxnToken {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(txn, "txn");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    transactionContext = transactionContext == null ? Map.of() : Collections.unmodifiableMap(transactionContext);
    requestContext = requestContext == null ? Map.of() : Collections.unmodifiableMap(requestContext);
  }

  /** The agents the call passed through, the caller first ({@code rctx.actors}); empty when absent. */
  public List<String> actors() {
    if (!(requestContext.get(TxnTokenIssuer.ACTORS) instanceof List<?> list)) return List.of();
    return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }
}
