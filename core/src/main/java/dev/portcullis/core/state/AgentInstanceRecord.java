package dev.portcullis.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One running instance of a registered agent, with its own key pair. The private key stays with
 * the instance; Portcullis keeps the public key and its RFC 7638 thumbprint, to which the
 * instance's tokens are bound ({@code cnf.jkt}).
 *
 * @param id         instance id, unique within its agent ({@code [A-Za-z0-9._-]{1,64}})
 * @param agentId    the agent it is an instance of
 * @param subject    its workload identity, {@code spiffe://<trust-domain>/agent/<agent>/i/<instance>}
 * @param jkt        thumbprint of its current public key
 * @param publicJwk  its current public key as a JSON Web Key (public members only)
 * @param status     active or revoked; a revoked instance's tokens stop working on the next call
 * @param createdAt  when it enrolled
 * @param rotatedAt  when its key last changed, or {@code null}
 * @param lastSeenAt when it last made an authenticated call, or {@code null}
 */
public record AgentInstanceRecord(String id, String agentId, String subject, String jkt, String publicJwk,
                                  Status status, Instant createdAt, Instant rotatedAt, Instant lastSeenAt) {
  public AgentInstanceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(jkt, "jkt");
    Objects.requireNonNull(publicJwk, "publicJwk");
    Objects.requireNonNull(status, "status");
  }

  /** Whether an instance may act. */
  public enum Status { ACTIVE, REVOKED }
}
