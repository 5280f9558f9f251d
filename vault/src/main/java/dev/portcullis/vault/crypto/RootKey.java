package dev.portcullis.vault.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The vault's key-encryption key: a Tink AEAD keyset whose primary key wraps every record's data
 * key, and whose older keys still unwrap records written before a rotation. It is read from a
 * file or an environment variable when the gateway starts and never leaves the process; its
 * {@code toString} and every message about it name key ids only.
 */
public final class RootKey {
  /** The environment variable a root key may be given in. */
  public static final String ENVIRONMENT_VARIABLE = "PORTCULLIS_ROOT_KEY";

  /*
   * Errors from Tink while parsing a keyset are reported without their cause: the cause's message
   * may quote parts of the input, which is key material.
   */
  private final KeysetHandle keyset;
  private final Aead aead;

  private RootKey(KeysetHandle keyset) {
    try {
      this.keyset = keyset;
      this.aead = Tink.aead(keyset);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the root key is not an AEAD keyset");
    }
  }

  /** A new root key with one AES-256-GCM key. */
  public static RootKey generate() {
    try {
      return new RootKey(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, Tink.config()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not generate a root key: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The root key in this file (a cleartext Tink JSON keyset, or its base64). Refuses a file that
   * its group or others may read or write, as ssh does with private keys.
   *
   * @throws IllegalArgumentException naming the file when it is missing, too open, or not a keyset
   */
  public static RootKey fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    KeyFiles.requirePrivate(file);
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), "root key file " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("could not read the root key file " + file + ": " + e.getClass().getSimpleName());
    }
  }

  /**
   * The root key in this text: a cleartext Tink JSON keyset, or the base64 of one (what the
   * {@code PORTCULLIS_ROOT_KEY} environment variable holds).
   *
   * @param source names where the text came from in error messages ({@code PORTCULLIS_ROOT_KEY})
   */
  public static RootKey fromText(String text, String source) {
    Objects.requireNonNull(text, "text");
    return parse(text, source);
  }

  /**
   * Generates a root key and writes it to a new file readable by its owner only.
   *
   * @throws IllegalArgumentException if the file exists (a root key is never overwritten) or cannot be written
   */
  public static RootKey writeNewFile(Path file) {
    RootKey key = generate();
    KeyFiles.createPrivate(file, key.toJson());
    return key;
  }

  /**
   * Adds a new primary key to the root key in this file, keeping the old keys so that records
   * they wrapped still open, and writes the file back (atomically, owner-only). Returns the
   * rotated key; reload the vault with it and run the re-wrap to move every record to the new key.
   */
  public static RootKey rotateFile(Path file) {
    RootKey rotated = fromFile(file).rotated();
    KeyFiles.replacePrivate(file, rotated.toJson());
    return rotated;
  }

  /**
   * Removes the key {@code keyId} from the root key in this file and writes it back. Do it only
   * once {@code VaultStatus.droppableKeyIds()} lists the key: records it still wraps would no
   * longer open.
   */
  public static RootKey dropFromFile(Path file, int keyId) {
    RootKey dropped = fromFile(file).without(keyId);
    KeyFiles.replacePrivate(file, dropped.toJson());
    return dropped;
  }

  /**
   * The root key given to this process, if any: the file when {@code file} is set, otherwise the
   * value of the {@code PORTCULLIS_ROOT_KEY} environment variable, otherwise none (the vault
   * starts sealed). Both at once is refused, so that it is never unclear which key is in use.
   */
  public static Optional<RootKey> locate(Path file, Map<String, String> environment) {
    String value = environment.get(ENVIRONMENT_VARIABLE);
    boolean fromEnvironment = value != null && !value.isBlank();
    if (file != null && fromEnvironment) {
      throw new IllegalArgumentException("a root key is given both in the file " + file + " and in "
          + ENVIRONMENT_VARIABLE + "; give only one");
    }
    if (file != null) {
      return Optional.of(fromFile(file));
    }
    return fromEnvironment ? Optional.of(fromText(value, ENVIRONMENT_VARIABLE)) : Optional.empty();
  }

  private static RootKey parse(String text, String source) {
    String trimmed = text.strip();
    String json = trimmed;
    if (!trimmed.startsWith("{")) {
      try {
        json = new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " holds neither a Tink JSON keyset nor the base64 of one");
      }
    }
    KeysetHandle keyset;
    try {
      keyset = TinkJsonProtoKeysetFormat.parseKeyset(json, Tink.config(), InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(source + " is not a valid Tink keyset");
    }
    try {
      return new RootKey(keyset);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not an AEAD keyset (expected AES256_GCM keys)");
    }
  }

  /** This key with a new AES-256-GCM primary key added; the old keys stay for decryption. */
  public RootKey rotated() {
    try {
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset).setConfiguration(Tink.config());
      builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
          .withRandomId().makePrimary());
      return new RootKey(builder.build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not add a key to the root key: " + e.getClass().getSimpleName());
    }
  }

  /**
   * This key without the key {@code keyId}.
   *
   * @throws IllegalArgumentException for the primary key or an id the keyset does not hold
   */
  public RootKey without(int keyId) {
    if (keyId == primaryId()) {
      throw new IllegalArgumentException("root key id " + keyId + " is the primary key and cannot be dropped");
    }
    int index = keyIds().indexOf(keyId);
    if (index < 0) {
      throw new IllegalArgumentException("the root key holds no key with id " + keyId + " (key ids " + keyIds() + ")");
    }
    try {
      return new RootKey(KeysetHandle.newBuilder(keyset).setConfiguration(Tink.config()).deleteAt(index).build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not drop a key from the root key: " + e.getClass().getSimpleName());
    }
  }

  /** The id of the key that wraps new records. */
  public int primaryId() { return keyset.getPrimary().getId(); }

  /** The ids of every key in the keyset, in keyset order. */
  public List<Integer> keyIds() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < keyset.size(); i++) {
      ids.add(keyset.getAt(i).getId());
    }
    return List.copyOf(ids);
  }

  /** Whether the keyset holds a key with this id. */
  public boolean holds(int keyId) { return keyIds().contains(keyId); }

  Aead aead() { return aead; }

  /** The cleartext JSON keyset, for writing the key file. */
  String toJson() {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, Tink.config(), InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not serialise the root key: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() { return "RootKey[primary=" + primaryId() + ", keys=" + keyIds() + "]"; }
}
