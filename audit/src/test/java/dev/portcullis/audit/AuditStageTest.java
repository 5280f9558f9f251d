package dev.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.ExchangeListener;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.MessageStream;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.StageChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditStageTest {
  private static final Map<String, Object> PROGRESS = Map.of("jsonrpc", "2.0", "method", "notifications/progress",
      "params", Map.of("progress", 1));
  private static final Map<String, Object> RESPONSE = Map.of("jsonrpc", "2.0", "id", 7,
      "result", Map.of("content", List.of(Map.of("type", "text", "text", "q3 numbers"))));

  @TempDir Path dir;
  private final TestLogs.FailingChannel[] channel = new TestLogs.FailingChannel[1];

  private Path log() { return dir.resolve("audit.log"); }

  private ChainedFileAuditLog open() throws IOException { return TestLogs.openFailable(log(), dir.resolve("k"), channel); }

  private static StageChain chain(ChainedFileAuditLog log, Function<dev.portcullis.core.Exchange, Outcome> upstream) {
    return new StageChain(List.of(new AuditStage(log, TestLogs.CLOCK), TestExchanges.admitting(),
        new IntentStage(log, TestLogs.CLOCK), TestExchanges.upstream(upstream)), ExchangeListener.NONE);
  }

  private List<Map<String, Object>> outcomes() { return TestLogs.entries(log(), "outcome"); }

  @Test
  void apply_streamedResult_outcomeIsDurableBeforeTheFinalMessageIsHandedOut() throws Exception {
    try (var log = open()) {
      var outcome = chain(log, e -> new Outcome.Streamed(MessageStream.of(List.of(PROGRESS, RESPONSE)))).run(TestExchanges.toolCall("ex-1"));
      try (var stream = ((Outcome.Streamed) outcome).messages()) {
        assertThat(stream.next()).isEqualTo(PROGRESS);
        assertThat(outcomes()).isEmpty();

        assertThat(stream.next()).isEqualTo(RESPONSE);
        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(TestLogs.fields(o))
            .containsEntry("status", "ok").containsEntry("tool", "files.read").containsEntry("agent", "agent-42")
            .containsEntry("protocolVersion", "2025-11-25").containsKey("durationMs")
            .containsEntry("notes", Map.of("approval", "none-needed", "intentSeq", 1)));

        assertThat(stream.next()).isNull();
      }
    }
    assertThat(outcomes()).hasSize(1);
    assertThat(AuditVerifier.verify(log(), null).ok()).isTrue();
  }

  @Test
  void apply_streamedResult_whenOutcomeCannotBeRecorded_withholdsTheFinalMessage() throws Exception {
    try (var log = open()) {
      var outcome = chain(log, e -> {
        channel[0].failing.set(true);
        return new Outcome.Streamed(MessageStream.of(List.of(PROGRESS, RESPONSE)));
      }).run(TestExchanges.toolCall("ex-1"));
      try (var stream = ((Outcome.Streamed) outcome).messages()) {
        assertThat(stream.next()).isEqualTo(PROGRESS);
        assertThatThrownBy(stream::next).isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.error()).isInstanceOf(GatewayError.AuditUnavailable.class));
      }
    }
    assertThat(outcomes()).isEmpty();
  }

  @Test
  void apply_streamEndingWithoutFinalMessage_recordsUpstreamIncomplete() throws Exception {
    try (var log = open()) {
      var outcome = chain(log, e -> new Outcome.Streamed(MessageStream.of(List.of(PROGRESS)))).run(TestExchanges.toolCall("ex-1"));
      try (var stream = ((Outcome.Streamed) outcome).messages()) {
        assertThat(stream.next()).isEqualTo(PROGRESS);
        assertThat(stream.next()).isNull();
      }
    }
    assertThat(outcomes()).singleElement().satisfies(o -> assertThat(TestLogs.fields(o))
        .containsEntry("status", "upstream-incomplete").containsEntry("error", "the stream ended without a final response"));
  }

  @Test
  void apply_streamFailing_recordsUpstreamIncompleteAndRethrows() throws Exception {
    var failing = new MessageStream() {
      @Override
      public Map<String, Object> next() throws IOException { throw new IOException("connection reset by upstream"); }

      @Override
      public void close() {}
    };
    try (var log = open()) {
      var outcome = chain(log, e -> new Outcome.Streamed(failing)).run(TestExchanges.toolCall("ex-1"));
      var stream = ((Outcome.Streamed) outcome).messages();
      assertThatThrownBy(stream::next).isInstanceOf(IOException.class);
      stream.close();
    }
    assertThat(outcomes()).singleElement().satisfies(o -> assertThat(TestLogs.fields(o))
        .containsEntry("status", "upstream-incomplete").containsEntry("error", "the stream failed (IOException)"));
  }

  @Test
  void apply_upstreamErrorResponse_recordsItsCodeOnly() throws Exception {
    var error = Map.<String, Object>of("jsonrpc", "2.0", "id", 7,
        "error", Map.of("code", -32000, "message", "bad path " + TestExchanges.ARGUMENT_VALUE));
    try (var log = open()) {
      var outcome = chain(log, e -> new Outcome.Streamed(MessageStream.of(List.of(error)))).run(TestExchanges.toolCall("ex-1"));
      try (var stream = ((Outcome.Streamed) outcome).messages()) {
        assertThat(stream.next()).isEqualTo(error);
      }
    }
    assertThat(outcomes()).singleElement().satisfies(o -> assertThat(TestLogs.fields(o))
        .containsEntry("status", "upstream-error").containsEntry("upstreamErrorCode", -32000));
    assertThat(Files.readString(log())).doesNotContain(TestExchanges.ARGUMENT_VALUE);
  }

  @Test
  void apply_refusal_recordsErrorKindAndMessage() throws Exception {
    try (var log = open()) {
      var outcome = chain(log, e -> {
        throw new GatewayException(new GatewayError.PolicyDenied("no-writes", "writes need approval"));
      }).run(TestExchanges.toolCall("ex-1"));
      assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    }
    assertThat(outcomes()).singleElement().satisfies(o -> assertThat(TestLogs.fields(o))
        .containsEntry("status", "PolicyDenied")
        .containsEntry("error", "denied by policy rule 'no-writes': writes need approval"));
  }

  @Test
  void apply_replyWhoseOutcomeCannotBeRecorded_becomesAuditUnavailable() throws Exception {
    try (var log = open()) {
      var outcome = chain(log, e -> {
        channel[0].failing.set(true);
        return new Outcome.Reply(Map.of("content", List.of()));
      }).run(TestExchanges.toolCall("ex-1"));

      assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
          f -> assertThat(f.error()).isInstanceOf(GatewayError.AuditUnavailable.class));
    }
  }

  @Test
  void apply_neverWritesBearerTokenUpstreamHeaderOrArgumentValues() throws Exception {
    try (var log = open()) {
      var chain = chain(log, e -> new Outcome.Reply(Map.of("content", List.of())));
      assertThat(chain.run(TestExchanges.toolCall("ex-1"))).isInstanceOf(Outcome.Reply.class);
      var streamed = (Outcome.Streamed) chain(log, e -> new Outcome.Streamed(MessageStream.of(List.of(RESPONSE))))
          .run(TestExchanges.toolCall("ex-2"));
      try (var stream = streamed.messages()) {
        assertThat(stream.next()).isEqualTo(RESPONSE);
      }
    }

    String written = new String(Files.readAllBytes(log()), StandardCharsets.UTF_8);
    assertThat(TestLogs.entries(log(), "intent")).hasSize(2);
    assertThat(outcomes()).hasSize(2);
    assertThat(written)
        .doesNotContain(TestExchanges.BEARER)
        .doesNotContain(TestExchanges.DPOP)
        .doesNotContain(TestExchanges.UPSTREAM_HEADER_VALUE)
        .doesNotContain("upstream-SECRET")
        .doesNotContain(TestExchanges.ARGUMENT_VALUE)
        .doesNotContain("/reports/q3.txt")
        .contains("files.read");
  }
}
