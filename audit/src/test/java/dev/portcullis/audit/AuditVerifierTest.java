package dev.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
  @TempDir Path dir;

  private Path log() { return dir.resolve("audit.log"); }

  private void write(int records) throws Exception {
    try (var log = ChainedFileAuditLog.open(log(), dir.resolve("audit.key"), TestLogs.CLOCK)) {
      for (int i = 1; i <= records; i++) log.append(TestLogs.record("intent", "ex-" + i, Map.of("agent", "agent-" + i)));
    }
  }

  private List<String> lines() { return new ArrayList<>(TestLogs.lines(log())); }

  @Test
  void verify_intactLogWithIndependentKey_isOkWithoutCaveat() throws Exception {
    write(4);
    var key = AuditVerifier.readPublicKey(dir.resolve("audit.log.pub"));

    var report = AuditVerifier.verify(log(), key);

    assertThat(report.ok()).isTrue();
    assertThat(report.records()).isEqualTo(4);
    assertThat(report.problems()).isEmpty();
    assertThat(report.notes()).noneMatch(n -> n.contains("beside the log")).anyMatch(n -> n.contains("covers seq 4"));
  }

  @Test
  void verify_withoutKey_usesKeyBesideLogAndSaysSo() throws Exception {
    write(2);

    var report = AuditVerifier.verify(log(), null);

    assertThat(report.ok()).isTrue();
    assertThat(report.notes()).anyMatch(n -> n.contains("beside the log") && n.contains("held independently"));
  }

  @Test
  void verify_editedRecord_isReportedWithItsLine() throws Exception {
    write(5);
    var lines = lines();
    lines.set(2, lines.get(2).replace("\"agent-3\"", "\"mallory\""));
    TestLogs.writeLines(log(), lines);

    var report = AuditVerifier.verify(log(), null);

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).singleElement().asString()
        .startsWith("line 3 (seq 3)").contains("hash does not match").contains("altered");
  }

  @Test
  void verify_editedRecordWithRecomputedHash_isReportedAtTheNextLink() throws Exception {
    write(4);
    var lines = lines();
    var entry = new java.util.LinkedHashMap<>(TestLogs.parse(lines.get(1)));
    entry.put("fields", Map.of("agent", "mallory"));
    entry.put("hash", LogEntry.hashOf(entry));
    lines.set(1, dev.portcullis.core.CanonicalJson.text(entry));
    TestLogs.writeLines(log(), lines);

    var report = AuditVerifier.verify(log(), null);

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).anyMatch(p -> p.startsWith("line 3: prev does not match the hash of the entry before it (line 2)"));
  }

  @Test
  void verify_lastThreeLinesDropped_isReportedAgainstTheSignedHead() throws Exception {
    write(8);
    var lines = lines();
    TestLogs.writeLines(log(), lines.subList(0, lines.size() - 3));

    var report = AuditVerifier.verify(log(), null);

    assertThat(report.ok()).isFalse();
    assertThat(report.records()).isEqualTo(5);
    assertThat(report.problems()).singleElement().asString()
        .contains("ends at seq 5 (line 5)").contains("signed head records seq 8").contains("removed from the end");
  }

  @Test
  void verify_deletedMiddleLine_isReportedAtTheGap() throws Exception {
    write(5);
    var lines = lines();
    lines.remove(2);
    TestLogs.writeLines(log(), lines);

    var report = AuditVerifier.verify(log(), null);

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).containsExactly(
        "line 3: seq 4 follows seq 2 (expected 3): entries are missing, duplicated or reordered",
        "line 3: prev does not match the hash of the entry before it (line 2)");
  }

  @Test
  void verify_headSignedByAnotherKey_isReported() throws Exception {
    write(3);
    var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

    var report = AuditVerifier.verify(log(), other);

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).singleElement().asString().contains("signature of the head (seq 3) does not verify");
  }

  @Test
  void verify_missingHead_isReportedBecauseTruncationWouldGoUnseen() throws Exception {
    write(2);
    Files.delete(dir.resolve("audit.log.head"));

    var report = AuditVerifier.verify(log(), null);

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).singleElement().asString().contains("is missing");
  }

  @Test
  void verify_tornTail_isReportedWithItsLine() throws Exception {
    write(2);
    Files.writeString(log(), "{\"seq\":3", StandardOpenOption.APPEND);

    var report = AuditVerifier.verify(log(), null);

    assertThat(report.ok()).isFalse();
    assertThat(report.records()).isEqualTo(2);
    assertThat(report.problems()).singleElement().asString().startsWith("line 3: the last line has no newline");
  }

  @Test
  void verify_missingLog_isAProblemNotAnException() {
    var report = AuditVerifier.verify(dir.resolve("absent.log"), null);

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).singleElement().asString().contains("cannot be read");
  }

  @Test
  void readPublicKey_acceptsBase64PemAndDer_andRejectsOtherBytes() throws Exception {
    var key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    String base64 = Base64.getEncoder().encodeToString(key.getEncoded());
    Files.writeString(dir.resolve("k.b64"), base64 + "\n");
    Files.writeString(dir.resolve("k.pem"), "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
    Files.write(dir.resolve("k.der"), key.getEncoded());
    Files.writeString(dir.resolve("k.bad"), "not a key");

    assertThat(AuditVerifier.readPublicKey(dir.resolve("k.b64"))).isEqualTo(key);
    assertThat(AuditVerifier.readPublicKey(dir.resolve("k.pem"))).isEqualTo(key);
    assertThat(AuditVerifier.readPublicKey(dir.resolve("k.der"))).isEqualTo(key);
    assertThatThrownBy(() -> AuditVerifier.readPublicKey(dir.resolve("k.bad")))
        .isInstanceOf(IOException.class).hasMessageContaining("is not an Ed25519 public key");
  }
}
