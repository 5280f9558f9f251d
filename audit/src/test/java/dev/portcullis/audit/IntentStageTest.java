package dev.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.CanonicalJson;
import dev.portcullis.core.ExchangeListener;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.StageChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentStageTest {
  @TempDir Path dir;

  private Path log() { return dir.resolve("audit.log"); }

  @Test
  void apply_intentIsDurableBeforeTheUpstreamIsCalled() throws Exception {
    var seenByUpstream = new ArrayList<List<Map<String, Object>>>();
    try (var log = ChainedFileAuditLog.open(log(), dir.resolve("k"), TestLogs.CLOCK)) {
      var chain = new StageChain(List.of(TestExchanges.admitting(), new IntentStage(log, TestLogs.CLOCK),
          TestExchanges.upstream(exchange -> {
            seenByUpstream.add(TestLogs.entries(log(), "intent"));
            return new Outcome.Reply(Map.of("content", List.of()));
          })), ExchangeListener.NONE);

      var exchange = TestExchanges.toolCall("ex-1");
      assertThat(chain.run(exchange)).isInstanceOf(Outcome.Reply.class);
      assertThat(exchange.notes()).containsEntry("intentSeq", 1L);
    }

    assertThat(seenByUpstream).hasSize(1);
    assertThat(seenByUpstream.getFirst()).hasSize(1);
    var intent = seenByUpstream.getFirst().getFirst();
    assertThat(intent).containsEntry("exchange", "ex-1");
    assertThat(TestLogs.fields(intent))
        .containsEntry("method", "tools/call")
        .containsEntry("server", "files")
        .containsEntry("agent", "agent-42")
        .containsEntry("subject", "spiffe://portcullis/agent/42")
        .containsEntry("tool", "files.read")
        .containsEntry("toolDigest", "sha256:" + "ab".repeat(32))
        .containsEntry("argsDigest", CanonicalJson.digest(TestExchanges.ARGUMENTS))
        .containsEntry("decision", Map.of("effect", "ALLOW", "rule", "allow-reads", "policyVersion", "sha256:" + "cd".repeat(32)))
        .containsEntry("notes", Map.of("approval", "none-needed"));
  }

  @Test
  void apply_logFailed_refusesWithAuditUnavailableAndNeverProceeds() throws Exception {
    var channel = new TestLogs.FailingChannel[1];
    var upstreamCalls = new AtomicInteger();
    try (var log = TestLogs.openFailable(log(), dir.resolve("k"), channel)) {
      var chain = new StageChain(List.of(TestExchanges.admitting(), new IntentStage(log, TestLogs.CLOCK),
          TestExchanges.upstream(exchange -> {
            upstreamCalls.incrementAndGet();
            return new Outcome.Reply(Map.of());
          })), ExchangeListener.NONE);
      channel[0].failing.set(true);

      var outcome = chain.run(TestExchanges.toolCall("ex-1"));
      var later = chain.run(TestExchanges.toolCall("ex-2"));

      assertThat(outcome).isEqualTo(Outcome.failed(new GatewayError.AuditUnavailable("audit log unavailable; call not made")));
      assertThat(later).isEqualTo(outcome);
    }
    assertThat(upstreamCalls).hasValue(0);
  }
}
