package dev.portcullis.store;

import static dev.portcullis.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.state.SecretRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSecretsTest {
  @TempDir Path dir;
  SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("state.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void put_new_isVersionOne() {
    SecretRecord stored = store.secrets().put("a/b", new byte[] {1, 2}, T0);

    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.createdAt()).isEqualTo(T0);
    assertThat(store.secrets().find("a/b")).get().extracting(SecretRecord::ciphertext).isEqualTo(new byte[] {1, 2});
  }

  @Test
  void put_again_bumpsVersionAndKeepsCreationTime() {
    store.secrets().put("a/b", new byte[] {1}, T0);
    SecretRecord second = store.secrets().put("a/b", new byte[] {2}, T0.plusSeconds(5));

    assertThat(second.version()).isEqualTo(2);
    assertThat(second.createdAt()).isEqualTo(T0);
    assertThat(second.updatedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(second.ciphertext()).containsExactly(2);
  }

  @Test
  void list_byPrefix_treatsLikeWildcardsLiterally() {
    store.secrets().put("db/main", new byte[] {1}, T0);
    store.secrets().put("db/replica", new byte[] {1}, T0);
    store.secrets().put("dbx", new byte[] {1}, T0);
    store.secrets().put("d_/x", new byte[] {1}, T0);

    assertThat(store.secrets().list("db/")).extracting(SecretRecord::path).containsExactly("db/main", "db/replica");
    assertThat(store.secrets().list("d_")).extracting(SecretRecord::path).containsExactly("d_/x");
    assertThat(store.secrets().list("")).hasSize(4);
  }

  @Test
  void delete_removesOnlyThatPath() {
    store.secrets().put("a", new byte[] {1}, T0);
    store.secrets().put("b", new byte[] {1}, T0);

    assertThat(store.secrets().delete("a")).isTrue();
    assertThat(store.secrets().delete("a")).isFalse();
    assertThat(store.secrets().find("a")).isEmpty();
    assertThat(store.secrets().find("b")).isPresent();
  }

  @Test
  void replaceCiphertext_onlyWhenUnchanged() {
    store.secrets().put("a", new byte[] {1}, T0);

    assertThat(store.secrets().replaceCiphertext("a", new byte[] {9}, new byte[] {3})).isFalse();
    assertThat(store.secrets().replaceCiphertext("a", new byte[] {1}, new byte[] {3})).isTrue();
    SecretRecord now = store.secrets().find("a").orElseThrow();
    assertThat(now.ciphertext()).containsExactly(3);
    assertThat(now.version()).isEqualTo(1);
  }

  @Test
  void toString_neverShowsCiphertext() {
    SecretRecord stored = store.secrets().put("a", new byte[] {42, 42}, T0);

    assertThat(stored.toString()).contains("a").doesNotContain("42").doesNotContain("[B@");
  }
}
