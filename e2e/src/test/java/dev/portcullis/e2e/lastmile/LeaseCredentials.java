package dev.portcullis.e2e.lastmile;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.store.SqliteStore;
import dev.portcullis.vault.Vault;
import dev.portcullis.vault.crypto.RootKey;
import dev.portcullis.vault.lease.LeaseManager;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a lease handed out the way only the holder of the root key can: a second vault over
 * the gateway's own store, opened with the root key file, decrypts the lease's sealed data. This is
 * how the tests learn the secrets they then look for where none may be.
 */
final class LeaseCredentials {
  private LeaseCredentials() {}

  /** The credential of an active lease in the gateway's data directory. */
  static LastMileCredential of(Path dataDir, Path rootKeyFile, String leaseId) {
    try (var store = SqliteStore.open(dataDir.resolve("portcullis.db"))) {
      var vault = Vault.open(store, InstantSource.system(), Optional.of(RootKey.fromFile(rootKeyFile)));
      return new LeaseManager(vault, store.leases(), Map.of(), InstantSource.system()).credential(leaseId);
    }
  }

  /** The login of an active PostgreSQL lease. */
  static LastMileCredential.DatabaseLogin login(Path dataDir, Path rootKeyFile, String leaseId) {
    return (LastMileCredential.DatabaseLogin) of(dataDir, rootKeyFile, leaseId);
  }
}
