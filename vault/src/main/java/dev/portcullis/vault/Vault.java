package dev.portcullis.vault;

import dev.portcullis.core.state.SecretRecord;
import dev.portcullis.core.state.Store;
import dev.portcullis.vault.VaultException.Reason;
import dev.portcullis.vault.crypto.AssociatedData;
import dev.portcullis.vault.crypto.Envelope;
import dev.portcullis.vault.crypto.RootKey;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The vault: secrets encrypted at rest over the {@link Store}, behind a root key that may be
 * missing. Without a root key the vault is <em>sealed</em>: the gateway runs, and everything that
 * needs a secret fails with {@link Reason#SEALED} and a message saying why and what to do.
 *
 * <p>Every ciphertext is bound to its record (a secret's path, a lease's id), so a value moved to
 * another record does not open. A canary record written at the first unseal tells a wrong root key
 * from a right one before any secret is served.
 */
public final class Vault implements SecretReader {
  /*
   * The root key is one volatile reference: unseal and seal swap it, and every operation reads it
   * once, so an operation runs under one key from start to end. The canary lives in the secrets
   * table under a path no caller can name (valid paths start with a letter or digit).
   */
  /** The message of a vault that was never given a root key. */
  public static final String NO_ROOT_KEY = "the vault is sealed: no root key was given (set the PORTCULLIS_ROOT_KEY"
      + " environment variable or vault.root-key-file)";
  static final String CANARY_PATH = ".vault/canary";
  private static final byte[] CANARY = "portcullis vault canary".getBytes(StandardCharsets.UTF_8);

  private final Store store;
  private final InstantSource clock;
  private volatile RootKey rootKey;
  private volatile String sealedReason = NO_ROOT_KEY;

  /** A sealed vault over this store; {@link #unseal} opens it. */
  public Vault(Store store, InstantSource clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A vault over this store, unsealed with {@code rootKey} when one is given and sealed otherwise.
   *
   * @throws VaultException {@link Reason#WRONG_KEY} when the root key does not open this vault's records
   */
  public static Vault open(Store store, InstantSource clock, Optional<RootKey> rootKey) {
    Vault vault = new Vault(store, clock);
    rootKey.ifPresent(vault::unseal);
    return vault;
  }

  /**
   * Loads a root key: the first one a vault sees writes the canary; later ones must open it. A
   * rotated keyset (new primary, old keys kept) opens it too. Also how a running vault takes a
   * rotated key.
   *
   * @throws VaultException {@link Reason#WRONG_KEY} naming the key ids when the key does not open
   *                        this vault; the vault stays as it was
   */
  public synchronized void unseal(RootKey key) {
    Objects.requireNonNull(key, "key");
    AssociatedData aad = AssociatedData.canary(CANARY_PATH);
    Optional<SecretRecord> canary = store.secrets().find(CANARY_PATH);
    if (canary.isEmpty()) {
      store.secrets().put(CANARY_PATH, Envelope.seal(key, CANARY, aad), clock.instant());
    } else {
      byte[] ciphertext = canary.get().ciphertext();
      try {
        Envelope.open(key, ciphertext, aad);
      } catch (VaultException e) {
        String wrappedBy = Envelope.rootKeyId(ciphertext).stream().mapToObj(Integer::toString).findFirst().orElse("?");
        String message = "the root key given (key ids " + key.keyIds() + ") does not open this vault: its records are"
            + " wrapped by root key id " + wrappedBy + "; start with the root key this vault was created with (or its"
            + " rotated successor, which keeps the old keys)";
        if (rootKey == null) {
          sealedReason = "the vault is sealed: " + message;
        }
        throw new VaultException(Reason.WRONG_KEY, message);
      }
    }
    rootKey = key;
    sealedReason = null;
  }

  /** Drops the root key: from now on every operation that needs a secret fails with {@link Reason#SEALED}. */
  public synchronized void seal(String reason) {
    rootKey = null;
    sealedReason = "the vault is sealed: " + Objects.requireNonNull(reason, "reason");
  }

  /** Whether the vault has no root key. */
  public boolean isSealed() { return rootKey == null; }

  /** Sealed or not, the root key ids, and how far a rotation has come. Reads every record's header. */
  public VaultStatus status() {
    RootKey key = rootKey;
    return RecordCensus.take(store, key, sealedReason);
  }

  /** Stores {@code value} at {@code path}, encrypted and bound to the path; returns the new metadata. */
  public SecretMetadata put(String path, SecretValue value) {
    SecretPaths.requireValid(path);
    Objects.requireNonNull(value, "value");
    byte[] plaintext = value.bytes();
    try {
      SecretRecord stored = store.secrets().put(path, encrypt(AssociatedData.secret(path), plaintext), clock.instant());
      return metadata(stored);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * The secret at {@code path}.
   *
   * @throws VaultException {@link Reason#SEALED}, {@link Reason#NOT_FOUND}, {@link Reason#TAMPERED}
   *                        or {@link Reason#WRONG_KEY}
   */
  @Override
  public SecretValue read(String path) {
    SecretPaths.requireValid(path);
    RootKey key = key();
    SecretRecord record = store.secrets().find(path)
        .orElseThrow(() -> new VaultException(Reason.NOT_FOUND, "no secret at " + path));
    byte[] plaintext = Envelope.open(key, record.ciphertext(), AssociatedData.secret(path));
    try {
      return SecretValue.of(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The metadata of the secret at {@code path}, if there is one; works while sealed. */
  public Optional<SecretMetadata> metadata(String path) {
    SecretPaths.requireValid(path);
    return store.secrets().find(path).map(Vault::metadata);
  }

  /** Deletes the secret at {@code path}; returns whether there was one. Refused while sealed. */
  public boolean delete(String path) {
    SecretPaths.requireValid(path);
    key();
    return store.secrets().delete(path);
  }

  /** The secrets whose path starts with {@code prefix} ({@code ""} for all), by path; never their values. */
  public List<SecretMetadata> list(String prefix) {
    SecretPaths.requireValidPrefix(prefix);
    return store.secrets().list(prefix).stream()
        .filter(record -> !record.path().startsWith("."))
        .map(Vault::metadata)
        .toList();
  }

  /**
   * Encrypts a record's data under the primary root key, bound to {@code aad}; what the lease
   * manager keeps its revocation data and credentials with.
   *
   * @throws VaultException {@link Reason#SEALED} when there is no root key
   */
  public byte[] encrypt(AssociatedData aad, byte[] plaintext) {
    return Envelope.seal(key(), plaintext, aad);
  }

  /**
   * Decrypts what {@link #encrypt} made for the same {@code aad}.
   *
   * @throws VaultException {@link Reason#SEALED}, {@link Reason#TAMPERED} or {@link Reason#WRONG_KEY}
   */
  public byte[] decrypt(AssociatedData aad, byte[] envelope) {
    return Envelope.open(key(), envelope, aad);
  }

  /**
   * Re-wraps up to {@code batchSize} records still wrapped by an old root key under the primary
   * key, while reads and writes go on; returns how many records it re-wrapped. Call it until it
   * returns 0 (see {@link #rewrapAll}).
   */
  public int rewrap(int batchSize) {
    return new Rewrap(store, key()).run(batchSize);
  }

  /** Re-wraps every record under the primary key, {@code batchSize} at a time; returns how many it re-wrapped. */
  public int rewrapAll(int batchSize) {
    int total = 0;
    for (int done = rewrap(batchSize); done > 0; done = rewrap(batchSize)) {
      total += done;
    }
    return total;
  }

  /**
   * Fails unless the vault is unsealed.
   *
   * @throws VaultException {@link Reason#SEALED} saying why and what to do
   */
  public void requireUnsealed() {
    key();
  }

  private RootKey key() {
    RootKey key = rootKey;
    if (key == null) {
      String reason = sealedReason;
      throw new VaultException(Reason.SEALED, reason == null ? NO_ROOT_KEY : reason);
    }
    return key;
  }

  private static SecretMetadata metadata(SecretRecord record) {
    return new SecretMetadata(record.path(), record.version(), record.createdAt(), record.updatedAt());
  }

  @Override
  public String toString() { return "Vault[" + (isSealed() ? "sealed" : "unsealed") + "]"; }
}
