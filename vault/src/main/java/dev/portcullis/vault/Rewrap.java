package dev.portcullis.vault;

import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.core.state.SecretRecord;
import dev.portcullis.core.state.Store;
import dev.portcullis.vault.crypto.AssociatedData;
import dev.portcullis.vault.crypto.Envelope;
import dev.portcullis.vault.crypto.RootKey;
import java.util.OptionalInt;

/**
 * One batch of a rotation: records still wrapped by an old root key get their data key wrapped by
 * the primary key. Each record is replaced only if it is still what was read, so a value written
 * meanwhile (already under the primary key) is never overwritten; a record that cannot be opened
 * is left for an operator and does not stop the others.
 */
final class Rewrap {
  private final Store store;
  private final RootKey key;

  Rewrap(Store store, RootKey key) {
    this.store = store;
    this.key = key;
  }

  /** Re-wraps up to {@code batchSize} records; returns how many it re-wrapped. */
  int run(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    }
    int done = 0;
    for (SecretRecord secret : store.secrets().list("")) {
      if (done == batchSize) {
        return done;
      }
      if (needsRewrap(secret.ciphertext())) {
        AssociatedData aad = secret.path().equals(Vault.CANARY_PATH)
            ? AssociatedData.canary(secret.path()) : AssociatedData.secret(secret.path());
        byte[] rewrapped = tryRewrap(secret.ciphertext(), aad);
        if (rewrapped != null && store.secrets().replaceCiphertext(secret.path(), secret.ciphertext(), rewrapped)) {
          done++;
        }
      }
    }
    for (LeaseRecord lease : store.leases().list()) {
      if (done == batchSize) {
        return done;
      }
      if (lease.sealed() != null && needsRewrap(lease.sealed())) {
        byte[] rewrapped = tryRewrap(lease.sealed(), AssociatedData.lease(lease.id()));
        if (rewrapped != null && store.leases().replaceSealed(lease.id(), lease.sealed(), rewrapped)) {
          done++;
        }
      }
    }
    return done;
  }

  private boolean needsRewrap(byte[] envelope) {
    OptionalInt id = Envelope.rootKeyId(envelope);
    return id.isPresent() && id.getAsInt() != key.primaryId() && key.holds(id.getAsInt());
  }

  private byte[] tryRewrap(byte[] envelope, AssociatedData aad) {
    try {
      return Envelope.rewrap(key, envelope, aad);
    } catch (VaultException e) {
      return null;
    }
  }
}
