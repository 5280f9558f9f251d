package dev.portcullis.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.vault.crypto.AssociatedData;
import dev.portcullis.vault.crypto.Envelope;
import dev.portcullis.vault.crypto.RootKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RotationTest {
  final MemoryStore store = new MemoryStore();
  final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  final RootKey original = RootKey.generate();

  @Test
  void rotation_rewrapsEveryRecordAndThenTheOldKeyCanGo() {
    Vault vault = Vault.open(store, clock, Optional.of(original));
    for (int i = 0; i < 5; i++) {
      vault.put("s/" + i, SecretValue.of("value " + i));
    }
    byte[] leaseData = vault.encrypt(AssociatedData.lease("pg/l1"), "lease data".getBytes(StandardCharsets.UTF_8));
    store.leases().put(new LeaseRecord("pg/l1", "pg", null, List.of("bot"), "t", null, clock.instant(),
        clock.instant().plusSeconds(60), clock.instant().plusSeconds(60), LeaseRecord.State.ACTIVE, leaseData, 0,
        null, null));
    RootKey rotated = original.rotated();

    vault.unseal(rotated);
    VaultStatus before = vault.status();
    vault.put("s/new", SecretValue.of("written after the rotation"));

    assertThat(before.records()).isEqualTo(7); // 5 secrets, 1 lease, the canary
    assertThat(before.recordsUnderOlder()).isEqualTo(7);
    assertThat(before.droppableKeyIds()).isEmpty();
    assertThat(vault.read("s/3").utf8()).isEqualTo("value 3"); // old records still open mid-rotation

    int first = vault.rewrap(3);
    assertThat(first).isEqualTo(3);
    assertThat(vault.status().recordsUnderOlder()).isEqualTo(4);
    assertThat(vault.rewrapAll(3)).isEqualTo(4);

    VaultStatus after = vault.status();
    assertThat(after.recordsUnderOlder()).isZero();
    assertThat(after.rewrapPending()).isFalse();
    assertThat(after.keysInUse()).containsExactly(rotated.primaryId());
    assertThat(after.droppableKeyIds()).containsExactly(original.primaryId());
    for (int i = 0; i < 5; i++) {
      assertThat(vault.read("s/" + i).utf8()).isEqualTo("value " + i);
    }
    byte[] sealed = store.leases().find("pg/l1").orElseThrow().sealed();
    assertThat(Envelope.rootKeyId(sealed)).hasValue(rotated.primaryId());
    assertThat(new String(vault.decrypt(AssociatedData.lease("pg/l1"), sealed), StandardCharsets.UTF_8))
        .isEqualTo("lease data");
  }

  @Test
  void rotation_keepsVersionsAndDoesNotUndoConcurrentWrites() {
    Vault vault = Vault.open(store, clock, Optional.of(original));
    vault.put("a", SecretValue.of("old"));
    vault.unseal(original.rotated());
    byte[] read = store.secrets().find("a").orElseThrow().ciphertext();
    vault.put("a", SecretValue.of("new")); // a write lands between the re-wrap's read and its replace

    assertThat(store.secrets().replaceCiphertext("a", read, new byte[] {1})).isFalse();
    vault.rewrapAll(10);

    assertThat(vault.read("a").utf8()).isEqualTo("new");
    assertThat(vault.metadata("a")).get().extracting(SecretMetadata::version).isEqualTo(2L);
  }

  @Test
  void afterRewrap_theOldKeyAloneNoLongerOpensTheVault() {
    Vault vault = Vault.open(store, clock, Optional.of(original));
    vault.put("a", SecretValue.of("x"));
    vault.unseal(original.rotated());
    vault.rewrapAll(100);

    assertThatThrownBy(() -> Vault.open(store, clock, Optional.of(original)))
        .isInstanceOfSatisfying(VaultException.class,
            e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.WRONG_KEY));
  }

  @Test
  void rewrap_whileSealed_isRefused() {
    Vault vault = new Vault(store, clock);

    assertThatThrownBy(() -> vault.rewrap(10))
        .isInstanceOfSatisfying(VaultException.class,
            e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.SEALED));
  }
}
