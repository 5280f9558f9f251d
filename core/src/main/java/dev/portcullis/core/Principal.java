package dev.portcullis.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The authenticated caller of an exchange: the agent (and, once delegation is in place, the user
 * it acts for). Set once by the authenticate stage; the chain refuses any later change.
 *
 * @param agentId    the registered agent's id
 * @param subject    the agent's workload identity (a SPIFFE-style URI)
 * @param owner      the human or team that owns the agent
 * @param tokenId    the {@code jti} of the presented token, for audit and revocation
 * @param expiresAt  when the presented credential expires
 * @param attributes further attributes for policy (labels of the agent); never secrets
 */
public record Principal(String agentId, String subject, String owner, String tokenId, Instant expiresAt,
                        Map<String, Object> attributes) {
  public Principal {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(subject, "subject");
    attributes = Map.copyOf(attributes);
  }
}
