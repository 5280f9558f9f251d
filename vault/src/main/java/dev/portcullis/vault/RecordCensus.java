package dev.portcullis.vault;

import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.core.state.SecretRecord;
import dev.portcullis.core.state.Store;
import dev.portcullis.vault.crypto.Envelope;
import dev.portcullis.vault.crypto.RootKey;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** Counts which root keys wrap the vault's records, from their envelope headers alone. */
final class RecordCensus {
  private RecordCensus() {}

  static VaultStatus take(Store store, RootKey key, String sealedReason) {
    Set<Integer> inUse = new HashSet<>();
    long records = 0;
    long underOlder = 0;
    Integer primary = key == null ? null : key.primaryId();
    for (SecretRecord secret : store.secrets().list("")) {
      records++;
      underOlder += count(secret.ciphertext(), primary, inUse);
    }
    for (LeaseRecord lease : store.leases().list()) {
      if (lease.sealed() != null) {
        records++;
        underOlder += count(lease.sealed(), primary, inUse);
      }
    }
    if (key == null) {
      return new VaultStatus(true, sealedReason, List.of(), null, records, records, inUse);
    }
    return new VaultStatus(false, null, key.keyIds(), primary, records, underOlder, inUse);
  }

  private static int count(byte[] envelope, Integer primary, Set<Integer> inUse) {
    OptionalInt id = Envelope.rootKeyId(envelope);
    id.ifPresent(inUse::add);
    return id.isPresent() && primary != null && id.getAsInt() == primary ? 0 : 1;
  }
}
