package dev.portcullis.vault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.VaultException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  static final byte[] VALUE = "hunter2".getBytes(StandardCharsets.UTF_8);
  final RootKey root = RootKey.generate();

  @Test
  void seal_thenOpen_returnsTheValue() {
    byte[] envelope = Envelope.seal(root, VALUE, AssociatedData.secret("db/main"));

    assertThat(Envelope.open(root, envelope, AssociatedData.secret("db/main"))).isEqualTo(VALUE);
    assertThat(Envelope.rootKeyId(envelope)).hasValue(root.primaryId());
    assertThat(new String(envelope, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
  }

  @Test
  void seal_twice_usesFreshDataKeys() {
    byte[] first = Envelope.seal(root, VALUE, AssociatedData.secret("a"));
    byte[] second = Envelope.seal(root, VALUE, AssociatedData.secret("a"));

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void ciphertextSwappedBetweenRecords_failsToDecrypt() {
    byte[] ofA = Envelope.seal(root, VALUE, AssociatedData.secret("a"));

    assertThatThrownBy(() -> Envelope.open(root, ofA, AssociatedData.secret("b")))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED))
        .hasMessageContaining("secret b").hasMessageContaining("another record");
    assertThatThrownBy(() -> Envelope.open(root, ofA, AssociatedData.lease("a")))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED));
  }

  @Test
  void alteredCiphertext_failsAsTampered() {
    byte[] envelope = Envelope.seal(root, VALUE, AssociatedData.secret("a"));
    envelope[envelope.length - 1] ^= 1;

    assertThatThrownBy(() -> Envelope.open(root, envelope, AssociatedData.secret("a")))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED));
  }

  @Test
  void truncatedOrForeignBytes_failAsTampered() {
    assertThatThrownBy(() -> Envelope.open(root, new byte[] {1, 0, 0}, AssociatedData.secret("a")))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED));
    assertThatThrownBy(() -> Envelope.open(root, new byte[] {1, 0, 0, 0, 1, 0, 9, 5}, AssociatedData.secret("a")))
        .hasMessageContaining("truncated");
  }

  @Test
  void otherRootKey_failsAsWrongKeyNamingIds() {
    byte[] envelope = Envelope.seal(root, VALUE, AssociatedData.secret("a"));
    RootKey other = RootKey.generate();

    assertThatThrownBy(() -> Envelope.open(other, envelope, AssociatedData.secret("a")))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY))
        .hasMessageContaining(Integer.toString(root.primaryId()))
        .hasMessageContaining(other.keyIds().toString());
  }

  @Test
  void rewrap_movesTheRecordToTheNewPrimaryAndKeepsTheValue() {
    byte[] envelope = Envelope.seal(root, VALUE, AssociatedData.secret("a"));
    RootKey rotated = root.rotated();

    byte[] rewrapped = Envelope.rewrap(rotated, envelope, AssociatedData.secret("a"));

    assertThat(Envelope.rootKeyId(rewrapped)).hasValue(rotated.primaryId());
    assertThat(Envelope.open(rotated, rewrapped, AssociatedData.secret("a"))).isEqualTo(VALUE);
    assertThatThrownBy(() -> Envelope.open(root, rewrapped, AssociatedData.secret("a")))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY));
  }

  @Test
  void rewrap_underAnotherRecordsData_failsAsTampered() {
    byte[] envelope = Envelope.seal(root, VALUE, AssociatedData.secret("a"));

    assertThatThrownBy(() -> Envelope.rewrap(root.rotated(), envelope, AssociatedData.secret("b")))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED));
  }
}
