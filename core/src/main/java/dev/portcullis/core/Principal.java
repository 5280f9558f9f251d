package dev.portcullis.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The authenticated caller of an exchange: the agent (and, under delegation, the user it acts for
 * and the chain of agents in between). Set once by the authenticate stage; the chain refuses any
 * later change.
 *
 * @param agentId    the registered agent's id
 * @param subject    the agent's workload identity (a SPIFFE-style URI)
 * @param owner      the human or team that owns the agent
 * @param tokenId    the {@code jti} of the presented token, for audit and revocation
 * @param expiresAt  when the presented credential expires
 * @param attributes further attributes for policy (labels of the agent); never secrets
 * @param delegation the user and chain the call is made for, or {@code null} for an agent acting on its own
 */
public record Principal(String agentId, String subject, String owner, String tokenId, Instant expiresAt,
                        Map<String, Object> attributes, Delegation delegation) {
  public Principal {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(subject, "subject");
    attributes = Map.copyOf(attributes);
  }

  /** A caller acting on its own, with no user delegation. */
  public Principal(String agentId, String subject, String owner, String tokenId, Instant expiresAt,
                   Map<String, Object> attributes) {
    this(agentId, subject, owner, tokenId, expiresAt, attributes, null);
  }
}
