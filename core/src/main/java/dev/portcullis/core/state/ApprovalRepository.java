package dev.portcullis.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of {@link ApprovalRecord}s. */
public interface ApprovalRepository {
  /** Inserts a new request. */
  void insert(ApprovalRecord approval);

  /** The request with this id. */
  Optional<ApprovalRecord> get(String id);

  /** Requests in this status (all when {@code null}), oldest first. */
  List<ApprovalRecord> list(ApprovalRecord.Status status);

  /**
   * Moves a request from one status to another if it is still in {@code from} (compare-and-set);
   * returns whether it moved. This is what makes an approval single-use.
   */
  boolean transition(String id, ApprovalRecord.Status from, ApprovalRecord.Status to, String by, Instant at,
                     String comment);
}
