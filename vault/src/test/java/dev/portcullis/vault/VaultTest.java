package dev.portcullis.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.state.SecretRecord;
import dev.portcullis.vault.VaultException.Reason;
import dev.portcullis.vault.crypto.RootKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VaultTest {
  final MemoryStore store = new MemoryStore();
  final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  final RootKey key = RootKey.generate();

  Vault unsealed() { return Vault.open(store, clock, Optional.of(key)); }

  @Test
  void put_thenRead_returnsTheValue() {
    Vault vault = unsealed();
    SecretMetadata metadata = vault.put("payments/stripe", SecretValue.of("sk_live_123"));

    assertThat(vault.read("payments/stripe").utf8()).isEqualTo("sk_live_123");
    assertThat(metadata).isEqualTo(new SecretMetadata("payments/stripe", 1, clock.instant(), clock.instant()));
  }

  @Test
  void put_again_bumpsVersionAndKeepsCreationTime() {
    Vault vault = unsealed();
    Instant created = clock.instant();
    vault.put("a", SecretValue.of("one"));
    clock.advance(Duration.ofMinutes(1));

    SecretMetadata second = vault.put("a", SecretValue.of("two"));

    assertThat(second).isEqualTo(new SecretMetadata("a", 2, created, clock.instant()));
    assertThat(vault.read("a").utf8()).isEqualTo("two");
  }

  @Test
  void storedCiphertext_neverHoldsThePlaintext() {
    unsealed().put("a", SecretValue.of("plain-text-secret"));

    byte[] stored = store.secrets().find("a").orElseThrow().ciphertext();
    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("plain-text-secret");
  }

  @Test
  void list_givesMetadataByPrefixAndHidesTheCanary() {
    Vault vault = unsealed();
    vault.put("db/main", SecretValue.of("x"));
    vault.put("db/replica", SecretValue.of("y"));
    vault.put("api/key", SecretValue.of("z"));

    assertThat(vault.list("db/")).extracting(SecretMetadata::path).containsExactly("db/main", "db/replica");
    assertThat(vault.list("")).extracting(SecretMetadata::path).containsExactly("api/key", "db/main", "db/replica");
  }

  @Test
  void delete_removesTheSecret() {
    Vault vault = unsealed();
    vault.put("a", SecretValue.of("x"));

    assertThat(vault.delete("a")).isTrue();
    assertThatThrownBy(() -> vault.read("a"))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessage("no secret at a");
  }

  @Test
  void invalidPaths_areRefused() {
    Vault vault = unsealed();
    for (String path : new String[] {"/abs", "../up", "a/../b", "Upper", "a//b", "a/", "", ".vault/canary", "a b"}) {
      assertThatThrownBy(() -> vault.put(path, SecretValue.of("x"))).as(path)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid secret path");
    }
    assertThatThrownBy(() -> vault.list("../")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ciphertextSwappedBetweenRecords_failsToDecrypt() {
    Vault vault = unsealed();
    vault.put("a", SecretValue.of("secret of a"));
    vault.put("b", SecretValue.of("secret of b"));
    SecretRecord a = store.secrets().find("a").orElseThrow();
    store.secrets().put("b", a.ciphertext(), clock.instant());

    assertThatThrownBy(() -> vault.read("b"))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED))
        .hasMessageContaining("secret b").hasMessageNotContaining("secret of");
    assertThat(vault.read("a").utf8()).isEqualTo("secret of a");
  }

  @Test
  void sealedVault_refusesSecretReadsAndSaysWhy() {
    unsealed().put("a", SecretValue.of("x"));
    Vault sealed = Vault.open(store, clock, Optional.empty());

    assertThat(sealed.isSealed()).isTrue();
    assertThatThrownBy(() -> sealed.read("a"))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SEALED))
        .hasMessageContaining("no root key was given").hasMessageContaining("PORTCULLIS_ROOT_KEY");
    assertThatThrownBy(() -> sealed.put("b", SecretValue.of("y")))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SEALED));
    assertThatThrownBy(() -> sealed.delete("a"))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SEALED));
    assertThat(sealed.status().sealed()).isTrue();
    assertThat(sealed.status().sealedReason()).contains("no root key was given");
    assertThat(sealed.list("")).extracting(SecretMetadata::path).containsExactly("a");
  }

  @Test
  void sealedVault_unsealedAtRuntime_servesSecrets() {
    unsealed().put("a", SecretValue.of("x"));
    Vault vault = new Vault(store, clock);

    vault.unseal(key);

    assertThat(vault.read("a").utf8()).isEqualTo("x");
  }

  @Test
  void wrongRootKey_isRefusedWithClearMessage() {
    unsealed().put("a", SecretValue.of("x"));
    RootKey wrong = RootKey.generate();

    assertThatThrownBy(() -> Vault.open(store, clock, Optional.of(wrong)))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY))
        .hasMessageContaining("does not open this vault")
        .hasMessageContaining(wrong.keyIds().toString())
        .hasMessageContaining("root key id " + key.primaryId());
    Vault vault = new Vault(store, clock);
    assertThatThrownBy(() -> vault.unseal(wrong)).isInstanceOf(VaultException.class);
    assertThatThrownBy(() -> vault.read("a"))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SEALED))
        .hasMessageContaining("does not open this vault");
  }

  @Test
  void wrongRootKeyAtRuntime_keepsTheRightOneLoaded() {
    Vault vault = unsealed();
    vault.put("a", SecretValue.of("x"));

    assertThatThrownBy(() -> vault.unseal(RootKey.generate())).isInstanceOf(VaultException.class);

    assertThat(vault.read("a").utf8()).isEqualTo("x");
  }

  @Test
  void seal_dropsTheKey() {
    Vault vault = unsealed();
    vault.seal("sealed by an operator");

    assertThatThrownBy(() -> vault.read("a")).hasMessage("the vault is sealed: sealed by an operator");
  }

  @Test
  void status_unsealed_reportsKeyIdsAndRecords() {
    Vault vault = unsealed();
    vault.put("a", SecretValue.of("x"));

    VaultStatus status = vault.status();

    assertThat(status.sealed()).isFalse();
    assertThat(status.keyIds()).containsExactly(key.primaryId());
    assertThat(status.primaryKeyId()).isEqualTo(key.primaryId());
    assertThat(status.records()).isEqualTo(2); // the secret and the canary
    assertThat(status.recordsUnderOlder()).isZero();
    assertThat(status.droppableKeyIds()).isEmpty();
  }

  @Test
  void toStringAndErrors_neverShowTheSecret() {
    Vault vault = unsealed();
    vault.put("a", SecretValue.of("top-secret-value"));

    SecretValue value = vault.read("a");
    assertThat(value.toString()).isEqualTo("[secret]");
    assertThat(vault.toString()).doesNotContain("top-secret-value");
    assertThat(store.secrets().find("a").orElseThrow().toString()).doesNotContain("[B@");
  }
}
