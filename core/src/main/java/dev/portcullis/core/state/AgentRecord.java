package dev.portcullis.core.state;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A registered agent.
 *
 * @param id          stable id, {@code [a-z0-9][a-z0-9._-]*}
 * @param owner       who answers for it
 * @param description what it does
 * @param status      active or disabled; a disabled agent's tokens stop working on the next call
 * @param labels      attributes policy can use (team, environment, ...)
 * @param createdAt   when it was registered
 * @param lastSeenAt  when it last made an authenticated call, or {@code null}
 */
public record AgentRecord(String id, String owner, String description, Status status, Map<String, String> labels,
                          Instant createdAt, Instant lastSeenAt) {
  public AgentRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    labels = Map.copyOf(labels);
  }

  /** Whether an agent may act. */
  public enum Status { ACTIVE, DISABLED }
}
