package dev.portcullis.core.state;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The registration of one upstream tool.
 *
 * @param name              namespaced name ({@code <upstream>.<tool>})
 * @param upstream          upstream name
 * @param upstreamName      the tool's name at the upstream
 * @param status            see {@link Status}
 * @param digest            digest of the approved definition, or {@code null} if never approved
 * @param definition        the approved definition, or {@code null}
 * @param observedDigest    digest of what the upstream offers now, or {@code null} if it no longer offers it
 * @param observedDefinition what the upstream offers now
 * @param note              why it needs attention (changed definition, name shadowing, ...), or {@code null}
 * @param approvedBy        who approved the pinned definition
 * @param updatedAt         last change
 */
public record ToolRecord(String name, String upstream, String upstreamName, Status status, String digest,
                         Map<String, Object> definition, String observedDigest, Map<String, Object> observedDefinition,
                         String note, String approvedBy, Instant updatedAt) {
  public ToolRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }

  /** Where a tool stands. Only {@code APPROVED} tools exist for agents. */
  public enum Status {
    /** Seen at an upstream, never approved: invisible to agents. */
    DISCOVERED,
    /** Approved, and the upstream still offers exactly the pinned definition. */
    APPROVED,
    /** Approved once, but the upstream now offers a different definition: blocked until re-approved. */
    CHANGED,
    /** Switched off by an operator. */
    DISABLED
  }
}
