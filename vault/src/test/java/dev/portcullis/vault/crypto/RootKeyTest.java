package dev.portcullis.vault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeyTest {
  @TempDir Path dir;

  @Test
  void writeNewFile_isOwnerOnlyAndLoadsBack() throws Exception {
    Path file = dir.resolve("root.json");
    RootKey written = RootKey.writeNewFile(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    RootKey loaded = RootKey.fromFile(file);
    assertThat(loaded.keyIds()).isEqualTo(written.keyIds());
    assertThat(loaded.primaryId()).isEqualTo(written.primaryId());
  }

  @Test
  void writeNewFile_neverOverwrites() {
    Path file = dir.resolve("root.json");
    RootKey.writeNewFile(file);

    assertThatThrownBy(() -> RootKey.writeNewFile(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void keyFileReadableByOthers_isRefused() throws Exception {
    Path file = dir.resolve("root.json");
    RootKey.writeNewFile(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> RootKey.fromFile(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accessible by group or others")
        .hasMessageContaining("rw-r--r--")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void keyFileWritableByGroup_isRefused() throws Exception {
    Path file = dir.resolve("root.json");
    RootKey.writeNewFile(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));

    assertThatThrownBy(() -> RootKey.fromFile(file)).hasMessageContaining("group or others");
  }

  @Test
  void fromText_acceptsJsonAndItsBase64() throws Exception {
    Path file = dir.resolve("root.json");
    RootKey key = RootKey.writeNewFile(file);
    String json = Files.readString(file);
    String base64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));

    assertThat(RootKey.fromText(json, "PORTCULLIS_ROOT_KEY").keyIds()).isEqualTo(key.keyIds());
    assertThat(RootKey.fromText(base64 + "\n", "PORTCULLIS_ROOT_KEY").keyIds()).isEqualTo(key.keyIds());
  }

  @Test
  void fromText_garbage_isRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> RootKey.fromText("{\"primaryKeyId\": 1, \"key\": \"s3cr3t-material\"}", "PORTCULLIS_ROOT_KEY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PORTCULLIS_ROOT_KEY is not a valid Tink keyset")
        .hasMessageNotContaining("s3cr3t")
        .hasNoCause();
    assertThatThrownBy(() -> RootKey.fromText("not base64 !!", "PORTCULLIS_ROOT_KEY"))
        .hasMessageContaining("neither a Tink JSON keyset nor the base64 of one");
  }

  @Test
  void rotateFile_addsANewPrimaryAndKeepsTheOldKeys() throws Exception {
    Path file = dir.resolve("root.json");
    RootKey original = RootKey.writeNewFile(file);

    RootKey rotated = RootKey.rotateFile(file);

    assertThat(rotated.keyIds()).hasSize(2).contains(original.primaryId());
    assertThat(rotated.primaryId()).isNotEqualTo(original.primaryId());
    assertThat(RootKey.fromFile(file).primaryId()).isEqualTo(rotated.primaryId());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void toString_namesKeyIdsOnly() {
    RootKey key = RootKey.generate();

    assertThat(key.toString()).isEqualTo("RootKey[primary=" + key.primaryId() + ", keys=" + key.keyIds() + "]");
    assertThat(key.toString()).doesNotContain(key.toJson().substring(0, 20));
  }

  @Test
  void dropFromFile_removesAnOldKeyButNeverThePrimary() {
    Path file = dir.resolve("root.json");
    RootKey original = RootKey.writeNewFile(file);
    RootKey rotated = RootKey.rotateFile(file);

    assertThatThrownBy(() -> RootKey.dropFromFile(file, rotated.primaryId()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primary");
    RootKey dropped = RootKey.dropFromFile(file, original.primaryId());

    assertThat(dropped.keyIds()).containsExactly(rotated.primaryId());
    assertThat(RootKey.fromFile(file).keyIds()).containsExactly(rotated.primaryId());
    assertThatThrownBy(() -> dropped.without(12345)).hasMessageContaining("no key with id 12345");
  }

  @Test
  void locate_takesTheFileOrTheEnvironmentButNotBoth() throws Exception {
    Path file = dir.resolve("root.json");
    RootKey key = RootKey.writeNewFile(file);
    String json = Files.readString(file);

    assertThat(RootKey.locate(null, java.util.Map.of())).isEmpty();
    assertThat(RootKey.locate(file, java.util.Map.of()).orElseThrow().keyIds()).isEqualTo(key.keyIds());
    assertThat(RootKey.locate(null, java.util.Map.of("PORTCULLIS_ROOT_KEY", json)).orElseThrow().keyIds())
        .isEqualTo(key.keyIds());
    assertThatThrownBy(() -> RootKey.locate(file, java.util.Map.of("PORTCULLIS_ROOT_KEY", json)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give only one");
  }
}
