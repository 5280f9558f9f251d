package dev.portcullis.vault.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.VaultException.Reason;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Envelope encryption of one record: a fresh AES-256-GCM data key encrypts the value, the root
 * key wraps the data key, and both are bound to the record's {@link AssociatedData}.
 *
 * <p>Format, version 1: {@code 0x01 | root key id (4 bytes) | length of the wrapped data key
 * (2 bytes) | wrapped data key | ciphertext}. The root key id says which root key a record needs,
 * so a wrong root key is told apart from a tampered record, and a rotation can find the records
 * still wrapped by an old key without opening them.
 */
public final class Envelope {
  /*
   * Re-wrapping only touches the wrapped data key: the value's ciphertext is copied as it is, so a
   * rotation never has the plaintext in hand.
   */
  private static final byte VERSION = 1;
  private static final int HEADER = 1 + 4 + 2;

  private Envelope() {}

  /** Encrypts {@code plaintext} for the record {@code aad} under the root key's primary key. */
  public static byte[] seal(RootKey root, byte[] plaintext, AssociatedData aad) {
    try {
      KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, Tink.config());
      byte[] ciphertext = Tink.aead(dataKey).encrypt(plaintext, aad.bytes());
      byte[] serialized = TinkProtoKeysetFormat.serializeKeyset(dataKey, InsecureSecretKeyAccess.get(), Tink.config());
      byte[] wrapped = root.aead().encrypt(serialized, aad.bytes());
      Arrays.fill(serialized, (byte) 0);
      return assemble(root.primaryId(), wrapped, ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt " + aad.describe() + ": " + e.getClass().getSimpleName());
    }
  }

  /**
   * Decrypts the record {@code aad}.
   *
   * @throws VaultException {@link Reason#WRONG_KEY} when the root key lacks the key that wrapped it,
   *                        {@link Reason#TAMPERED} when it was altered or belongs to another record
   */
  public static byte[] open(RootKey root, byte[] envelope, AssociatedData aad) {
    Parts parts = parse(envelope, aad);
    requireKey(root, parts.keyId, aad);
    byte[] serialized = unwrap(root, parts, aad);
    try {
      Aead dataKey = Tink.aead(TinkProtoKeysetFormat.parseKeyset(serialized, InsecureSecretKeyAccess.get(), Tink.config()));
      return dataKey.decrypt(parts.ciphertext, aad.bytes());
    } catch (GeneralSecurityException e) {
      throw tampered(aad);
    } finally {
      Arrays.fill(serialized, (byte) 0);
    }
  }

  /**
   * The same record with its data key wrapped by the root key's primary key instead; the value's
   * ciphertext is unchanged. A record already under the primary key is returned as it is.
   */
  public static byte[] rewrap(RootKey root, byte[] envelope, AssociatedData aad) {
    Parts parts = parse(envelope, aad);
    if (parts.keyId == root.primaryId()) {
      return envelope;
    }
    requireKey(root, parts.keyId, aad);
    byte[] serialized = unwrap(root, parts, aad);
    try {
      return assemble(root.primaryId(), root.aead().encrypt(serialized, aad.bytes()), parts.ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not re-wrap " + aad.describe() + ": " + e.getClass().getSimpleName());
    } finally {
      Arrays.fill(serialized, (byte) 0);
    }
  }

  /** The id of the root key that wrapped this record's data key, or empty if it is not an envelope. */
  public static OptionalInt rootKeyId(byte[] envelope) {
    if (envelope == null || envelope.length < HEADER || envelope[0] != VERSION) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(ByteBuffer.wrap(envelope, 1, 4).getInt());
  }

  private record Parts(int keyId, byte[] wrapped, byte[] ciphertext) {}

  private static Parts parse(byte[] envelope, AssociatedData aad) {
    if (envelope == null || envelope.length < HEADER || envelope[0] != VERSION) {
      throw new VaultException(Reason.TAMPERED, "the stored " + aad.describe() + " is not a version-1 vault envelope");
    }
    ByteBuffer buffer = ByteBuffer.wrap(envelope);
    buffer.get();
    int keyId = buffer.getInt();
    int wrappedLength = Short.toUnsignedInt(buffer.getShort());
    if (buffer.remaining() < wrappedLength) {
      throw new VaultException(Reason.TAMPERED, "the stored " + aad.describe() + " is truncated");
    }
    byte[] wrapped = new byte[wrappedLength];
    buffer.get(wrapped);
    byte[] ciphertext = new byte[buffer.remaining()];
    buffer.get(ciphertext);
    return new Parts(keyId, wrapped, ciphertext);
  }

  private static void requireKey(RootKey root, int keyId, AssociatedData aad) {
    if (!root.holds(keyId)) {
      throw new VaultException(Reason.WRONG_KEY, aad.describe() + " was wrapped by root key id " + keyId
          + ", which the loaded root key (key ids " + root.keyIds() + ") does not hold");
    }
  }

  private static byte[] unwrap(RootKey root, Parts parts, AssociatedData aad) {
    try {
      return root.aead().decrypt(parts.wrapped, aad.bytes());
    } catch (GeneralSecurityException e) {
      throw tampered(aad);
    }
  }

  private static VaultException tampered(AssociatedData aad) {
    return new VaultException(Reason.TAMPERED, "the stored " + aad.describe()
        + " failed authentication: it was altered, or it belongs to another record");
  }

  private static byte[] assemble(int keyId, byte[] wrapped, byte[] ciphertext) {
    if (wrapped.length > 0xFFFF) {
      throw new IllegalStateException("wrapped data key too long: " + wrapped.length + " bytes");
    }
    return ByteBuffer.allocate(HEADER + wrapped.length + ciphertext.length)
        .put(VERSION).putInt(keyId).putShort((short) wrapped.length).put(wrapped).put(ciphertext).array();
  }
}
