package dev.portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
  @Test
  void toString_showsTheReference_neverTheValue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "s3cr3t-value\n");
    Secret secret = Secret.file(file);

    assertThat(secret.resolve()).isEqualTo("s3cr3t-value");
    assertThat(secret.toString()).isEqualTo("Secret[${file:" + file + "}]").doesNotContain("s3cr3t-value");
    assertThat(String.valueOf(Map.of("token", secret))).doesNotContain("s3cr3t-value");
  }

  @Test
  void resolve_env_readsTheVariable() {
    Secret secret = new Secret("${env:GITHUB_TOKEN}");

    assertThat(secret.resolve(Map.of("GITHUB_TOKEN", "ghp_x")::get)).isEqualTo("ghp_x");
    assertThat(secret.kind()).isEqualTo("env");
    assertThat(secret.target()).isEqualTo("GITHUB_TOKEN");
  }

  @Test
  void resolve_unsetVariable_failsNamingTheReference() {
    assertThatThrownBy(() -> Secret.env("NOT_SET").resolve(name -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret ${env:NOT_SET}: environment variable is not set");
  }

  @Test
  void resolve_missingOrEmptyFile_failsNamingTheReference(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");

    assertThatThrownBy(() -> Secret.file(dir.resolve("absent")).resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret ${file:" + dir.resolve("absent") + "}: cannot read the file (NoSuchFileException)");
    assertThatThrownBy(() -> Secret.file(empty).resolve())
        .hasMessage("secret ${file:" + empty + "} is empty");
  }

  @Test
  void constructor_rejectsAnythingButAReference_withoutQuotingIt() {
    assertThatThrownBy(() -> new Secret("plain-token-value"))
        .isInstanceOf(IllegalArgumentException.class)
        .message().doesNotContain("plain-token-value");
    assertThatThrownBy(() -> new Secret("${env:BAD-NAME}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Secret("${vault:x}")).isInstanceOf(IllegalArgumentException.class);
  }
}
