package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.audit.ChainedFileAuditLog;
import dev.portcullis.core.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final CliRun cli = new CliRun();

  @TempDir
  Path dir;

  /** Writes a real three-record log with the audit module and returns its path. */
  private Path writeLog() throws Exception {
    Path log = dir.resolve("audit.log");
    try (var audit = ChainedFileAuditLog.open(log, dir.resolve("audit.key"), InstantSource.fixed(T0))) {
      audit.append(new AuditRecord("admin", T0, null, Map.of("action", "agent.register", "by", "alice")));
      audit.append(new AuditRecord("intent", T0, "ex-1", Map.of("tool", "gh.create_issue")));
      audit.append(new AuditRecord("outcome", T0, "ex-1", Map.of("result", "ok")));
    }
    return log;
  }

  @Test
  void verify_intactLog_printsOkWithRecordCount() throws Exception {
    Path log = writeLog();

    var result = cli.run("audit", "verify", log.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("OK: 3 records, chain intact");
  }

  @Test
  void verify_withIndependentPublicKey_isOk() throws Exception {
    Path log = writeLog();
    Path key = Files.copy(dir.resolve("audit.log.pub"), dir.resolve("held-elsewhere.pub"));

    var result = cli.run("audit", "verify", log.toString(), "--public-key", key.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("OK: 3 records, chain intact");
  }

  @Test
  void verify_tamperedRecord_exitsOneAndNamesTheProblem() throws Exception {
    Path log = writeLog();
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(text).contains("alice");
    Files.writeString(log, text.replace("alice", "mallory"), StandardCharsets.UTF_8);

    var result = cli.run("audit", "verify", log.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).startsWith("FAILED").contains("problem: line 1").doesNotContain("OK:");
  }

  @Test
  void verify_truncatedLog_exitsOne() throws Exception {
    Path log = writeLog();
    var lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    Files.write(log, lines.subList(0, 2), StandardCharsets.UTF_8);

    var result = cli.run("audit", "verify", log.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("problem:").contains("removed");
  }

  @Test
  void verify_withAnotherKey_exitsOne() throws Exception {
    Path log = writeLog();
    var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path key = Files.writeString(dir.resolve("other.pub"), Base64.getEncoder().encodeToString(other.getPublic().getEncoded()));

    var result = cli.run("audit", "verify", log.toString(), "--public-key", key.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("does not verify");
  }

  @Test
  void verify_json_printsTheReport() throws Exception {
    Path log = writeLog();

    var result = cli.run("audit", "verify", log.toString(), "--json");

    var report = AdminClient.JSON.readTree(result.out());
    assertThat(report.path("ok").asBoolean()).isTrue();
    assertThat(report.path("records").asLong()).isEqualTo(3);
  }

  @Test
  void verify_unreadablePublicKey_isAUsageError() throws Exception {
    Path log = writeLog();
    Path key = Files.writeString(dir.resolve("garbage.pub"), "not a key");

    var result = cli.run("audit", "verify", log.toString(), "--public-key", key.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("garbage.pub");
  }

  @Test
  void verify_missingLog_exitsOne() {
    var result = cli.run("audit", "verify", dir.resolve("absent.log").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("cannot be read");
  }

  @Test
  void verify_needsNoGatewayOrToken() throws Exception {
    Path log = writeLog();

    var result = new CliRun().env("PORTCULLIS_ADMIN_URL", "http://127.0.0.1:1")
        .run("audit", "verify", log.toString(), "--data-dir", dir.resolve("nowhere").toString());

    assertThat(result.exitCode()).isZero();
  }
}
