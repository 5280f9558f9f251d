package dev.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log parser takes files an attacker may have written: damage is always reported, never thrown. */
class LogScannerTest {
  @TempDir Path dir;

  @Test
  void verify_randomlyDamagedLogs_areReportedAndNeverThrow() throws Exception {
    Path log = dir.resolve("audit.log");
    try (var audit = ChainedFileAuditLog.open(log, dir.resolve("k"), TestLogs.CLOCK)) {
      for (int i = 0; i < 6; i++) {
        audit.append(TestLogs.record("intent", "ex-" + i, Map.of("i", i, "ratio", 0.25, "tags", java.util.List.of("a", "b"))));
      }
    }
    byte[] original = Files.readAllBytes(log);
    var random = new Random(20260301L);
    for (int round = 0; round < 300; round++) {
      byte[] damaged = damage(original, random);
      Files.write(log, damaged);

      var report = AuditVerifier.verify(log, null);

      assertThat(report.ok()).as("round %d: %s", round, report).isEqualTo(Arrays.equals(damaged, original));
      assertThat(report.problems()).allMatch(p -> p.startsWith("line ") || p.contains("signed head") || p.contains("cannot be read"));
    }
  }

  @Test
  void verify_hugeExponent_isReportedInsteadOfExpanded() throws Exception {
    Path log = dir.resolve("audit.log");
    Files.writeString(log, "{\"seq\":1,\"time\":\"2026-03-01T12:00:00Z\",\"type\":\"intent\",\"exchange\":null,"
        + "\"fields\":{\"n\":1e999999999},\"prev\":\"" + "0".repeat(64) + "\",\"hash\":\"" + "0".repeat(64) + "\"}\n");

    var report = AuditVerifier.verify(log, null);

    assertThat(report.problems()).anyMatch(p -> p.startsWith("line 1: a number's exponent is beyond"));
  }

  private static byte[] damage(byte[] original, Random random) {
    byte[] copy = original.clone();
    switch (random.nextInt(3)) {
      case 0 -> copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
      case 1 -> {
        int at = random.nextInt(copy.length);
        copy[at] = (byte) (copy[at] ^ (1 << random.nextInt(8)));
      }
      default -> {
        int from = random.nextInt(copy.length);
        int to = Math.min(copy.length, from + 1 + random.nextInt(40));
        byte[] cut = new byte[copy.length - (to - from)];
        System.arraycopy(copy, 0, cut, 0, from);
        System.arraycopy(copy, to, cut, from, copy.length - to);
        return cut;
      }
    }
    return copy;
  }
}
