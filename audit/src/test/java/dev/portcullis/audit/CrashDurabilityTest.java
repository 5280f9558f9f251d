package dev.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that is appending (SIGKILL) and checks that every append it acknowledged is in
 * the log. This proves the ordering (durable before acknowledged, torn tail recovered on reopen);
 * it cannot simulate a power cut, where the page cache is lost as well.
 */
class CrashDurabilityTest {
  private static final int ACKS_BEFORE_KILL = 400;
  private static final Pattern ACK = Pattern.compile("ack (\\d+) end");

  @TempDir Path dir;
  private Process child;

  @AfterEach
  void killChild() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
      child.waitFor();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void killedWhileAppending_everyAcknowledgedSeqIsPresentAndTheChainVerifies() throws Exception {
    Path log = dir.resolve("audit.log");
    Path key = dir.resolve("audit.key");
    String java = ProcessHandle.current().info().command().orElseThrow();
    child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AppendingChild.class.getName(),
        log.toString(), key.toString(), "4", "5000")
        .redirectError(dir.resolve("child.err").toFile())
        .start();

    var acked = new TreeSet<Long>();
    try (BufferedReader out = child.inputReader()) {
      String line;
      while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) ack(acked, line);
      // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe,
      // losing the acknowledgements still in it.
      child.toHandle().destroyForcibly();
      while ((line = out.readLine()) != null) ack(acked, line);
      child.waitFor();
    }
    assertThat(acked).as("acks from the child; its stderr: %s", Files.readString(dir.resolve("child.err")))
        .hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    long next;
    try (var reopened = ChainedFileAuditLog.open(log, key, TestLogs.CLOCK)) {
      next = reopened.append(TestLogs.record("admin", null, Map.of("event", "restarted after crash")));
    }
    Set<Long> present = TestLogs.lines(log).stream()
        .map(l -> ((Number) TestLogs.parse(l).get("seq")).longValue()).collect(Collectors.toSet());
    assertThat(present).containsAll(acked);
    assertThat(next).isGreaterThan(acked.last());
    var report = AuditVerifier.verify(log, AuditVerifier.readPublicKey(dir.resolve("audit.log.pub")));
    assertThat(report.problems()).isEmpty();
    assertThat(report.records()).isEqualTo(next);
  }

  private static void ack(Set<Long> acked, String line) {
    var match = ACK.matcher(line);
    if (match.matches()) acked.add(Long.parseLong(match.group(1)));
  }
}
