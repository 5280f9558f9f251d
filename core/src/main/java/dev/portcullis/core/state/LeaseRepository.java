package dev.portcullis.core.state;

import java.util.List;
import java.util.Optional;

/** Storage of {@link LeaseRecord}s: every lease not yet revoked. */
public interface LeaseRepository {

  /** Stores the lease, replacing the one with the same id. */
  void put(LeaseRecord lease);

  /** The lease with this id, if it is not revoked. */
  Optional<LeaseRecord> find(String id);

  /** Every lease not yet revoked, oldest first. */
  List<LeaseRecord> list();

  /** Removes a revoked lease; returns whether it was there. */
  boolean delete(String id);

  /**
   * Replaces the sealed data of a lease only if it still is {@code expected}; returns whether it
   * did. Re-wrapping under a new root key uses it so that a concurrent change is never undone.
   */
  boolean replaceSealed(String id, byte[] expected, byte[] replacement);
}
