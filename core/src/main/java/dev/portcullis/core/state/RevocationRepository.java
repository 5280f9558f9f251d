package dev.portcullis.core.state;

import java.util.List;

/** Storage of {@link RevocationRecord}s. Revocations are never deleted. */
public interface RevocationRepository {
  /** Adds a revocation; adding one for a kind and target already revoked keeps the first. */
  void add(RevocationRecord revocation);

  /** All revocations, oldest first. */
  List<RevocationRecord> list();
}
