package dev.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.portcullis.core.AuditLog.AuditException;
import dev.portcullis.core.CanonicalJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainedFileAuditLogTest {
  @TempDir Path dir;

  private Path log() { return dir.resolve("audit.log"); }

  private Path key() { return dir.resolve("keys/audit.key"); }

  private ChainedFileAuditLog open() throws IOException { return ChainedFileAuditLog.open(log(), key(), TestLogs.CLOCK); }

  private static void appendN(ChainedFileAuditLog log, int n) throws AuditException {
    for (int i = 0; i < n; i++) log.append(TestLogs.record("intent", "ex-" + i, Map.of("agent", "a" + i)));
  }

  @Test
  void append_thenVerify_roundTripsWithRfc9162LeafHashesLinkedFromZeros() throws Exception {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("tool", "files.read");
    fields.put("ratio", new BigDecimal("0.1234567890123456789"));
    fields.put("nested", Map.of("b", List.of(1, 2.5, "x\n\"y\""), "a", true));
    fields.put("none", null);
    try (var log = open()) {
      assertThat(log.append(TestLogs.record("intent", "ex-1", fields))).isEqualTo(1);
      assertThat(log.append(TestLogs.record("outcome", null, Map.of("status", "ok")))).isEqualTo(2);
      assertThat(log.append(TestLogs.record("admin", "ex-3", Map.of()))).isEqualTo(3);
    }

    List<String> lines = TestLogs.lines(log());
    assertThat(lines).hasSize(3);
    String prev = "0".repeat(64);
    for (int i = 0; i < lines.size(); i++) {
      Map<String, Object> entry = TestLogs.parse(lines.get(i));
      assertThat(entry).containsEntry("seq", i + 1).containsEntry("time", "2026-03-01T12:00:00Z").containsEntry("prev", prev);
      var body = new LinkedHashMap<>(entry);
      body.remove("hash");
      byte[] canonical = CanonicalJson.bytes(body);
      byte[] leaf = new byte[canonical.length + 1];
      System.arraycopy(canonical, 0, leaf, 1, canonical.length);
      assertThat(entry.get("hash")).isEqualTo(HexFormat.of().formatHex(CanonicalJson.sha256(leaf)));
      prev = (String) entry.get("hash");
    }
    assertThat(TestLogs.parse(lines.get(1))).containsEntry("exchange", null).containsEntry("type", "outcome");
    assertThat(lines.getFirst()).startsWith("{\"seq\":1,\"time\":").contains("0.1234567890123456789");

    var report = AuditVerifier.verify(log(), null);
    assertThat(report.problems()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.records()).isEqualTo(3);
    assertThat(dir.resolve("audit.log.head")).exists();
    assertThat(dir.resolve("audit.log.pub")).exists();
  }

  @Test
  void open_existingLog_continuesSeqAndChain() throws Exception {
    try (var log = open()) {
      appendN(log, 2);
    }
    try (var log = open()) {
      assertThat(log.append(TestLogs.record("intent", "ex-9", Map.of()))).isEqualTo(3);
    }
    assertThat(AuditVerifier.verify(log(), null).ok()).isTrue();
  }

  @Test
  void open_tornLastLineWithoutNewline_isCutAndAppendingContinues() throws Exception {
    try (var log = open()) {
      appendN(log, 3);
    }
    Files.writeString(log(), "{\"seq\":4,\"time\":\"2026-03-", java.nio.file.StandardOpenOption.APPEND);

    try (var log = open()) {
      assertThat(log.append(TestLogs.record("intent", "ex-4", Map.of()))).isEqualTo(4);
    }
    assertThat(TestLogs.lines(log())).hasSize(4).noneMatch(l -> l.contains("2026-03-\"") || !l.endsWith("}"));
    var report = AuditVerifier.verify(log(), null);
    assertThat(report.problems()).isEmpty();
    assertThat(report.records()).isEqualTo(4);
  }

  @Test
  void open_lastLineNotJson_isCut() throws Exception {
    try (var log = open()) {
      appendN(log, 2);
    }
    Files.write(log(), new byte[] {0, 0, 0, '\n'}, java.nio.file.StandardOpenOption.APPEND);

    try (var log = open()) {
      assertThat(log.append(TestLogs.record("intent", "ex-3", Map.of()))).isEqualTo(3);
    }
    assertThat(AuditVerifier.verify(log(), null).ok()).isTrue();
  }

  @Test
  void open_damagedMiddleLine_refusesNamingTheLine() throws Exception {
    try (var log = open()) {
      appendN(log, 3);
    }
    List<String> lines = new ArrayList<>(TestLogs.lines(log()));
    lines.set(1, lines.get(1).replace("\"a1\"", "\"a9\""));
    TestLogs.writeLines(log(), lines);

    assertThatThrownBy(this::open).isInstanceOf(IOException.class)
        .hasMessageContaining("is damaged").hasMessageContaining("line 2 (seq 2): hash does not match");
  }

  @Test
  void open_logShorterThanSignedHead_refuses() throws Exception {
    try (var log = open()) {
      appendN(log, 5);
    }
    TestLogs.writeLines(log(), TestLogs.lines(log()).subList(0, 3));

    assertThatThrownBy(this::open).isInstanceOf(IOException.class)
        .hasMessageContaining("ends at seq 3 but its signed head records seq 5");
  }

  @Test
  void open_sameLogTwiceInOneProcess_isRefused() throws Exception {
    try (var log = open()) {
      assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("already open");
      assertThat(log.append(TestLogs.record("intent", "ex-1", Map.of()))).isEqualTo(1);
    }
  }

  @Test
  void append_from16VirtualThreads_allAcknowledgedPresentAndChained() throws Exception {
    var seqs = new ConcurrentLinkedQueue<Long>();
    var failures = new ConcurrentLinkedQueue<Throwable>();
    try (var log = open(); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 16; t++) {
        int thread = t;
        threads.submit(() -> {
          for (int i = 0; i < 25; i++) {
            try {
              seqs.add(log.append(TestLogs.record("intent", "ex-" + thread + "-" + i, Map.of("thread", thread, "i", i))));
            } catch (AuditException | RuntimeException e) {
              failures.add(e);
            }
          }
        });
      }
    } // closing the executor first waits for every thread
    assertThat(failures).isEmpty();
    var sorted = new ArrayList<>(seqs);
    Collections.sort(sorted);
    assertThat(sorted).containsExactlyElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
    var report = AuditVerifier.verify(log(), null);
    assertThat(report.problems()).isEmpty();
    assertThat(report.records()).isEqualTo(400);
    for (int t = 0; t < 16; t++) {
      int thread = t;
      assertThat(TestLogs.entries(log(), "intent")).filteredOn(e -> TestLogs.fields(e).get("thread").equals(thread)).hasSize(25);
    }
  }

  @Test
  void append_whenWriteFails_throwsAndEveryLaterAppendThrowsUntilReopened() throws Exception {
    var channel = new TestLogs.FailingChannel[1];
    try (var log = TestLogs.openFailable(log(), key(), channel)) {
      appendN(log, 2);
      channel[0].failing.set(true);
      assertThatThrownBy(() -> log.append(TestLogs.record("intent", "ex-x", Map.of())))
          .isInstanceOf(AuditException.class).hasMessageContaining("failed").hasMessageContaining("injected write failure");
      channel[0].failing.set(false);
      assertThatThrownBy(() -> log.append(TestLogs.record("intent", "ex-y", Map.of())))
          .isInstanceOf(AuditException.class).hasMessageContaining("until it is reopened");
    }
    try (var log = open()) {
      assertThat(log.append(TestLogs.record("intent", "ex-z", Map.of()))).isEqualTo(3);
    }
    assertThat(AuditVerifier.verify(log(), null).ok()).isTrue();
  }

  @Test
  void append_whenFsyncFails_failsTheLog() throws Exception {
    var channel = new TestLogs.FailingChannel[1];
    try (var log = TestLogs.openFailable(log(), key(), channel)) {
      channel[0].failingForce.set(true);
      assertThatThrownBy(() -> log.append(TestLogs.record("intent", "ex-x", Map.of())))
          .isInstanceOf(AuditException.class).hasMessageContaining("injected fsync failure");
      assertThatThrownBy(() -> log.append(TestLogs.record("intent", "ex-y", Map.of()))).isInstanceOf(AuditException.class);
    }
  }

  @Test
  void append_valueThatIsNotJson_isRejectedAndTheLogStaysUsable() throws Exception {
    try (var log = open()) {
      assertThatThrownBy(() -> log.append(TestLogs.record("intent", "ex-1", Map.of("when", new Object()))))
          .isInstanceOf(AuditException.class).hasMessageContaining("not a plain JSON value");
      assertThat(log.append(TestLogs.record("intent", "ex-2", Map.of()))).isEqualTo(1);
    }
  }

  @Test
  void append_afterClose_throws() throws Exception {
    var log = open();
    log.close();
    assertThatThrownBy(() -> log.append(TestLogs.record("intent", "ex-1", Map.of())))
        .isInstanceOf(AuditException.class).hasMessageContaining("closed");
  }

  @Test
  void open_absentKey_createsItOwnerOnlyAndExportsThePublicKey() throws Exception {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    try (var log = open()) {
      appendN(log, 1);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key()))).isEqualTo("rw-------");
    assertThat(Files.readString(key())).startsWith("-----BEGIN PRIVATE KEY-----");
    var exported = AuditVerifier.readPublicKey(dir.resolve("audit.log.pub"));
    assertThat(AuditVerifier.verify(log(), exported).ok()).isTrue();
    try (var reopened = open()) {
      appendN(reopened, 1);
    }
    assertThat(AuditVerifier.readPublicKey(dir.resolve("audit.log.pub"))).isEqualTo(exported);
  }
}
