package dev.portcullis.vault.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.backend.StaticSecretBackend.Format;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticSecretBackendTest {
  static final Instant NOT_AFTER = Instant.parse("2026-01-01T00:10:00Z");
  static final MintRequest REQUEST =
      new MintRequest("crm/abc", new LeaseScope(null, List.of("bot"), "task-1", null), NOT_AFTER);

  static Map<String, String> headers(StaticSecretBackend backend) {
    Minted minted = backend.mint(REQUEST);
    assertThat(minted.revocationData()).isEmpty();
    LastMileCredential.Headers headers = (LastMileCredential.Headers) minted.credential();
    assertThat(headers.leaseId()).isEqualTo("crm/abc");
    assertThat(headers.expiresAt()).isEqualTo(NOT_AFTER);
    return headers.headers();
  }

  @Test
  void bearer_putsTheSecretInAnAuthorizationHeader() {
    var backend = new StaticSecretBackend("crm", path -> SecretValue.of("s3cret"), "crm/token", null, Format.BEARER);

    assertThat(headers(backend)).containsExactly(Map.entry("Authorization", "Bearer s3cret"));
    assertThat(backend.kind()).isEqualTo("static");
  }

  @Test
  void basic_encodesUserAndPassword() {
    var backend = new StaticSecretBackend("crm", path -> SecretValue.of("svc:pa:ss"), "crm/login", null, Format.BASIC);

    assertThat(headers(backend)).containsExactly(Map.entry("Authorization", "Basic c3ZjOnBhOnNz"));
  }

  @Test
  void raw_usesTheSecretAsTheHeaderValue() {
    var backend = new StaticSecretBackend("crm", path -> SecretValue.of("k-123"), "crm/key", "X-Api-Key", Format.RAW);

    assertThat(headers(backend)).containsExactly(Map.entry("X-Api-Key", "k-123"));
  }

  @Test
  void basic_withoutColon_failsWithoutShowingTheSecret() {
    var backend = new StaticSecretBackend("crm", path -> SecretValue.of("just-a-password"), "crm/login", null, Format.BASIC);

    assertThatThrownBy(() -> backend.mint(REQUEST)).isInstanceOf(VaultException.class)
        .hasMessageContaining("crm/login").hasMessageContaining("user:password")
        .hasMessageNotContaining("just-a-password");
  }

  @Test
  void secretWithNewline_isRefusedAsHeaderInjection() {
    var backend = new StaticSecretBackend("crm", path -> SecretValue.of("tok\r\nX-Evil: 1"), "crm/t", null, Format.BEARER);

    assertThatThrownBy(() -> backend.mint(REQUEST)).isInstanceOf(VaultException.class)
        .hasMessageContaining("control characters").hasMessageNotContaining("X-Evil");
  }

  @Test
  void rawWithoutHeaderName_isRefused() {
    assertThatThrownBy(() -> new StaticSecretBackend("crm", path -> SecretValue.of("x"), "p", null, Format.RAW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header name");
  }

  @Test
  void credential_toString_hidesTheSecret() {
    var backend = new StaticSecretBackend("crm", path -> SecretValue.of("s3cret"), "crm/token", null, Format.BEARER);

    assertThat(backend.mint(REQUEST).credential().toString()).doesNotContain("s3cret");
    assertThat(backend.toString()).doesNotContain("s3cret");
  }
}
