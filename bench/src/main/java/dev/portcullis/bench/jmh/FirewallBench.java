package dev.portcullis.bench.jmh;

import dev.portcullis.bench.detect.SyntheticContent;
import dev.portcullis.firewall.Direction;
import dev.portcullis.firewall.Firewall;
import dev.portcullis.firewall.FirewallConfigException;
import dev.portcullis.firewall.FirewallSettings;
import dev.portcullis.firewall.Inspection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the firewall adds to a tools/call with a 100 KB result, with every detector on (default
 * settings, no classifier). Sample time mode, so JMH reports percentiles: the budget is p99 under 1 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FirewallBench {
  private static final int SIZE = 100 * 1024;
  private Firewall firewall;
  private Map<String, Object> benign;
  private Map<String, Object> hostile;
  private Map<String, Object> records;
  private Map<String, Object> arguments;
  private dev.portcullis.firewall.flow.FlowTracker tracker;

  /** Builds the firewall and the results once. */
  @Setup
  public void setUp() throws FirewallConfigException {
    firewall = Firewall.create(FirewallSettings.defaults());
    tracker = new dev.portcullis.firewall.flow.FlowTracker(dev.portcullis.firewall.flow.FlowTracker.Limits.DEFAULTS,
        java.time.InstantSource.system());
    benign = SyntheticContent.textResult(SyntheticContent.prose(SIZE, 1));
    hostile = SyntheticContent.textResult(SyntheticContent.hostile(SIZE, 2));
    records = SyntheticContent.recordsResult(SIZE, 3);
    arguments = Map.of("to", "team@example.com", "subject", "weekly report", "body", SyntheticContent.prose(2 * 1024, 4));
  }

  /** 100 KB of ordinary prose in one text item. */
  @Benchmark
  public Inspection benignText() { return firewall.scanJson(benign, Direction.TOOL_RESULT); }

  /** 100 KB of prose with an injection, hidden comment, exfiltration image, token, personal data or password every 4 KB. */
  @Benchmark
  public Inspection hostileText() { return firewall.scanJson(hostile, Direction.TOOL_RESULT); }

  /** 100 KB of structured content: about 500 records of six fields. */
  @Benchmark
  public Inspection structuredRecords() { return firewall.scanJson(records, Direction.TOOL_RESULT); }

  /** Flow recording alone: fingerprints of every value of the benign 100 KB result. */
  @Benchmark
  public java.util.Set<String> benignFlowRecord() {
    return tracker.record("s", benign, java.util.Set.of("untrusted", "internal"));
  }

  /** Flow recording alone, structured. */
  @Benchmark
  public java.util.Set<String> structuredFlowRecord() {
    return tracker.record("s", records, java.util.Set.of("untrusted", "internal"));
  }

  /** Arguments of a typical outbound call (a 2 KB email body). */
  @Benchmark
  public Inspection toolArguments() { return firewall.scanJson(arguments, Direction.TOOL_ARGUMENTS); }

  /**
   * All a tools/call result costs with the defence on: content inspection, then flow recording of
   * what inspection passes on (as the gateway's response stages do), 100 KB of prose.
   */
  @Benchmark
  public java.util.Set<String> benignResultInspectedAndRecorded() {
    Inspection inspection = firewall.scanJson(benign, Direction.TOOL_RESULT);
    return tracker.record("result", inspection.content(), java.util.Set.of("untrusted", "internal"));
  }

  /** The same for 100 KB of structured records. */
  @Benchmark
  public java.util.Set<String> structuredResultInspectedAndRecorded() {
    Inspection inspection = firewall.scanJson(records, Direction.TOOL_RESULT);
    return tracker.record("result", inspection.content(), java.util.Set.of("untrusted", "internal"));
  }
}
