package dev.portcullis.vault.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import java.security.GeneralSecurityException;

/** Registers Tink's AEAD key types once and hands out AEAD primitives. */
final class Tink {
  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError("Tink's AEAD key types could not be registered: " + e.getClass().getName());
    }
  }

  private Tink() {}

  /** Makes sure the AEAD key types are registered; call before generating or parsing keysets. */
  static void ready() {
    // the static initialiser has run by the time this returns
  }

  /** The AEAD of a keyset: encrypts with its primary key, decrypts with whichever key the ciphertext names. */
  static Aead aead(KeysetHandle keyset) throws GeneralSecurityException {
    return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }
}
