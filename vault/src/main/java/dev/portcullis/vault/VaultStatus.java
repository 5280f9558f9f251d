package dev.portcullis.vault;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The vault's state as an operator sees it: sealed or not and why, which root keys are loaded, and
 * how far a rotation has come. Key ids only, never key material.
 *
 * @param sealed            whether the vault has no usable root key
 * @param sealedReason      why it is sealed and what to do, or {@code null} when unsealed
 * @param keyIds            the ids of the loaded root keys (empty when sealed)
 * @param primaryKeyId      the id of the key new records are wrapped with, or {@code null} when sealed
 * @param records           how many records (secrets, leases, the canary) hold ciphertext
 * @param recordsUnderOlder how many of them are still wrapped by a key other than the primary (all of them while sealed)
 * @param keysInUse         the root key ids that wrap at least one record
 */
public record VaultStatus(boolean sealed, String sealedReason, List<Integer> keyIds, Integer primaryKeyId,
                          long records, long recordsUnderOlder, Set<Integer> keysInUse) {
  public VaultStatus {
    keyIds = List.copyOf(keyIds);
    keysInUse = Set.copyOf(keysInUse);
  }

  /** The loaded keys no record uses any more: they can be removed from the keyset. */
  public Set<Integer> droppableKeyIds() {
    Set<Integer> droppable = new TreeSet<>(keyIds);
    droppable.removeAll(keysInUse);
    if (primaryKeyId != null) {
      droppable.remove(primaryKeyId);
    }
    return droppable;
  }

  /** Whether a re-wrap is still needed before old keys can go. */
  public boolean rewrapPending() { return recordsUnderOlder > 0; }
}
