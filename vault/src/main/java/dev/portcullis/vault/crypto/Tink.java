package dev.portcullis.vault.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig2026;
import java.security.GeneralSecurityException;

/**
 * The Tink configuration the vault uses for every keyset: AEAD key types only, passed explicitly
 * rather than through Tink's global registry, so nothing else in the process can change it.
 */
final class Tink {
  private static final Configuration AEAD = AeadConfig2026.get();

  private Tink() {}

  /** The AEAD configuration. */
  static Configuration config() { return AEAD; }

  /** The AEAD of a keyset: encrypts with its primary key, decrypts with whichever key the ciphertext names. */
  static Aead aead(KeysetHandle keyset) throws GeneralSecurityException {
    return keyset.getPrimitive(AEAD, Aead.class);
  }
}
