package dev.portcullis.bench.jmh;

import dev.portcullis.bench.detect.SyntheticContent;
import dev.portcullis.firewall.DeferredInspection;
import dev.portcullis.firewall.Direction;
import dev.portcullis.firewall.Firewall;
import dev.portcullis.firewall.FirewallConfigException;
import dev.portcullis.firewall.FirewallSettings;
import dev.portcullis.firewall.Inspection;
import dev.portcullis.firewall.flow.FlowStage;
import dev.portcullis.firewall.flow.FlowTracker;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the firewall adds to a tools/call with a 100 KB result, with every detector on (default
 * settings, no classifier). Sample time mode, so JMH reports percentiles: the budget is p99 under 1 ms.
 *
 * <ul>
 *   <li>{@code benignText}, {@code structuredRecords}, {@code hostileText}, {@code toolArguments}:
 *       the whole content inspection, every detector before the result passes (as the gateway
 *       inspects arguments, and results with {@code defer-annotations: false});</li>
 *   <li>{@code benignTextBeforeItPasses}, {@code structuredRecordsBeforeItPasses} (and after a pause),
 *       {@code hostileTextBeforeItPasses}:
 *       what a long result waits for with the default settings, where the detectors that only
 *       annotate (injection, personal and health data) are left for later;</li>
 *   <li>{@code benignFlowRecord}, {@code structuredFlowRecord}: the processor time of fingerprinting
 *       a result for information flow, on the calling thread;</li>
 *   <li>{@code benignResultPath}, {@code structuredResultPath}: what a call waits for with the
 *       defence on, as the gateway's stages do it — the inspection before the result passes, then
 *       the rest of it and flow recording handed to the gateway's background threads. After each
 *       call the benchmark waits, unmeasured, until both are done, as the agent's next call would:
 *       a call never finds an earlier one's work still under way;</li>
 *   <li>{@code benignTextAfterPause}, {@code structuredRecordsAfterPause}: inspection of 100 KB of prose or records after a 5 ms pause, unmeasured,
 *       as results come when an agent thinks between calls (back to back, a machine keeps its
 *       caches and its processors awake);</li>
 *   <li>{@code benignTextBeforeItPassesReadAfterPause}, {@code structuredRecordsBeforeItPassesReadAfterPause}:
 *       the same after a pause, with the result parsed afresh from its bytes just before, as the
 *       gateway reads a result from its upstream: whether a result cold in memory is what a pause costs;</li>
 *   <li>{@code benignTextOnVirtualThread}: the same inspection on a new virtual thread, as the
 *       gateway runs each request, and {@code virtualThreadAlone}, the cost of starting and joining
 *       that thread with nothing to do, to subtract: state kept per thread is new for every request
 *       there, which a benchmark on one long-lived thread would not show.</li>
 * </ul>
 *
 * <p>{@code helperThreads} is the firewall's {@code helper-threads} setting: 0 (the default, each
 * result inspected on the calling thread) or 1 (a second thread shares long results).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FirewallBench {
  private static final int SIZE = 100 * 1024;
  private static final Set<String> UNTRUSTED = Set.of("untrusted", "internal");
  private static final Set<String> TRUSTED = Set.of("internal");
  private Firewall firewall;
  /* The same firewall with nothing to scan for in results: what walking a result costs before any detector. */
  private Firewall scanningNothing;
  private Map<String, Object> benign;
  /* The prose result as an upstream sends it: what the baseline benchmarks parse. */
  private byte[] benignBytes;
  private Map<String, Object> typographic;
  private Map<String, Object> hostile;
  private Map<String, Object> records;
  private Map<String, Object> typographicRecords;
  private Map<String, Object> arguments;
  private FlowTracker tracker;
  /** The firewall's helper threads. */
  @Param({"0", "1"})
  public int helperThreads;

  /** Builds the firewall, the flow tracker and the results once. */
  @Setup
  public void setUp() throws FirewallConfigException {
    firewall = Firewall.create(FirewallSettings.defaults(), helperThreads);
    scanningNothing = Firewall.create(FirewallSettings.defaults().withScanned(Direction.TOOL_RESULT, Set.of()), helperThreads);
    tracker = new FlowTracker(FlowTracker.Limits.DEFAULTS, InstantSource.system());
    benign = SyntheticContent.textResult(SyntheticContent.prose(SIZE, 1));
    benignBytes = dev.portcullis.mcp.Json.bytes(benign);
    typographic = SyntheticContent.textResult(SyntheticContent.typographic(SIZE, 1));
    hostile = SyntheticContent.textResult(SyntheticContent.hostile(SIZE, 2));
    records = SyntheticContent.recordsResult(SIZE, 3);
    typographicRecords = SyntheticContent.typographicRecordsResult(SIZE, 3);
    arguments = Map.of("to", "team@example.com", "subject", "weekly report", "body", SyntheticContent.prose(2 * 1024, 4));
  }

  /** Releases the firewall's helper threads. */
  @TearDown
  public void tearDown() {
    firewall.close();
    scanningNothing.close();
  }

  /** The gateway's background threads for flow recording, and a wait for them after each call. */
  @State(Scope.Thread)
  public static class Background {
    private static final String SESSION = "agent";
    ExecutorService threads;
    FlowTracker tracker;

    /** Starts the background threads the gateway uses. */
    @Setup
    public void start() {
      threads = FlowStage.backgroundThreads();
      tracker = new FlowTracker(FlowTracker.Limits.DEFAULTS, InstantSource.system());
    }

    /** Waits, outside the measured time, until the call's result is recorded. */
    @TearDown(Level.Invocation)
    public void awaitRecorded() { tracker.sessionLabels(SESSION); }

    /** Stops the background threads. */
    @TearDown
    public void stop() { threads.shutdown(); }

    /* As the flow stage records a result: the part of its inspection left for later first, on the same thread. */
    Set<String> record(Object result, DeferredInspection deferred) {
      return tracker.recordInBackground(SESSION, result, UNTRUSTED, UNTRUSTED, Set.of(), threads, deferred == null ? null : () -> {
        Set<String> found = deferred.run().labels();
        if (found.isEmpty()) return null;
        var labels = new java.util.TreeSet<>(UNTRUSTED);
        labels.addAll(found);
        return new FlowTracker.LateLabels(UNTRUSTED, labels);
      });
    }
  }

  /** 100 KB of ordinary prose in one text item. */
  @Benchmark
  public Inspection benignText() { return firewall.scanJson(benign, Direction.TOOL_RESULT); }

  /** 100 KB of ordinary prose: what it waits for before it passes, the annotating detectors left for later. */
  @Benchmark
  public Firewall.ResultInspection benignTextBeforeItPasses() { return firewall.scanResult(benign); }

  /** The same records: what they wait for before they pass. */
  @Benchmark
  public Firewall.ResultInspection structuredRecordsBeforeItPasses() { return firewall.scanResult(records); }

  /** A pause between calls, outside the measured time. */
  @State(Scope.Thread)
  public static class Pause {
    /** Sleeps 5 ms after each call. */
    @TearDown(Level.Invocation)
    public void pause() throws InterruptedException { Thread.sleep(5); }
  }

  /** 100 KB of ordinary prose after a pause, as results come when an agent thinks between calls. */
  @Benchmark
  public Inspection benignTextAfterPause(Pause pause) { return firewall.scanJson(benign, Direction.TOOL_RESULT); }

  /** What 100 KB of prose waits for before it passes, after a pause. */
  @Benchmark
  public Firewall.ResultInspection benignTextBeforeItPassesAfterPause(Pause pause) { return firewall.scanResult(benign); }

  /**
   * Not the firewall: parsing the same 100 KB prose result from its bytes (Jackson), as the gateway
   * does before it inspects one. A baseline of other work of the same size, for what a pause costs
   * on the machine whatever the work is.
   */
  @Benchmark
  public Map<String, Object> baselineParseResult() throws java.io.IOException { return dev.portcullis.mcp.Json.parseObject(benignBytes); }

  /** The baseline after a 5 ms pause. */
  @Benchmark
  public Map<String, Object> baselineParseResultAfterPause(Pause pause) throws java.io.IOException {
    return dev.portcullis.mcp.Json.parseObject(benignBytes);
  }

  /** 100 KB of prose as people type it (curly quotes, dashes, accented names: not plain ASCII), inspected whole. */
  @Benchmark
  public Inspection typographicText() { return firewall.scanJson(typographic, Direction.TOOL_RESULT); }

  /** The same typographic prose: what it waits for before it passes. */
  @Benchmark
  public Firewall.ResultInspection typographicTextBeforeItPasses() { return firewall.scanResult(typographic); }

  /** What the typographic prose waits for before it passes, after a pause. */
  @Benchmark
  public Firewall.ResultInspection typographicTextBeforeItPassesAfterPause(Pause pause) { return firewall.scanResult(typographic); }

  /** The records with titles as people type them (many not plain ASCII): what they wait for before they pass. */
  @Benchmark
  public Firewall.ResultInspection typographicRecordsBeforeItPasses() { return firewall.scanResult(typographicRecords); }

  /** What the records wait for before they pass, after a pause. */
  @Benchmark
  public Firewall.ResultInspection structuredRecordsBeforeItPassesAfterPause(Pause pause) { return firewall.scanResult(records); }

  /**
   * A pause between calls, then the next result parsed from the bytes an upstream sends, both
   * outside the measured time. In the gateway a result is parsed just before it is inspected, so
   * the result itself is in the caches while the firewall's tables and code are not; the other
   * {@code ...AfterPause} benchmarks inspect a result that has been cold in memory as long.
   */
  @State(Scope.Thread)
  public abstract static class PauseThenRead {
    private byte[] bytes;
    Map<String, Object> result;

    abstract Map<String, Object> result(FirewallBench bench);

    /** Writes the result as the upstream would send it. */
    @Setup
    public void write(FirewallBench bench) throws java.io.IOException {
      bytes = dev.portcullis.mcp.Json.bytes(result(bench));
      result = dev.portcullis.mcp.Json.parseObject(bytes);
    }

    /** Sleeps 5 ms after each call, then reads the next result. */
    @TearDown(Level.Invocation)
    public void pauseThenRead() throws InterruptedException, java.io.IOException {
      Thread.sleep(5);
      result = dev.portcullis.mcp.Json.parseObject(bytes);
    }
  }

  /** The prose, read afresh after each pause. */
  public static class ProseAfterPause extends PauseThenRead {
    @Override Map<String, Object> result(FirewallBench bench) { return bench.benign; }
  }

  /** The records, read afresh after each pause. */
  public static class RecordsAfterPause extends PauseThenRead {
    @Override Map<String, Object> result(FirewallBench bench) { return bench.records; }
  }

  /** What 100 KB of prose waits for before it passes, after a pause, read just before as the gateway reads it. */
  @Benchmark
  public Firewall.ResultInspection benignTextBeforeItPassesReadAfterPause(ProseAfterPause read) { return firewall.scanResult(read.result); }

  /** What the records wait for before they pass, after a pause, read just before. */
  @Benchmark
  public Firewall.ResultInspection structuredRecordsBeforeItPassesReadAfterPause(RecordsAfterPause read) { return firewall.scanResult(read.result); }

  /**
   * Other work between calls, outside the measured time: 5 ms of reading and writing 8 MB, as the
   * gateway's other requests use the caches while an agent thinks. The thread never sleeps, which
   * tells a result that waits for the caches to fill apart from one that waits for an idle
   * processor to wake ({@code benignTextAfterPause} has both).
   */
  @State(Scope.Thread)
  public static class OtherWork {
    private final byte[] memory = new byte[8 << 20];
    /** Read by nobody; keeps the loop from being optimised away. */
    public int sum;

    /** Touches every cache line of the memory, over and over, for 5 ms after each call. */
    @TearDown(Level.Invocation)
    public void work() {
      long end = System.nanoTime() + 5_000_000;
      while (System.nanoTime() < end) {
        for (int i = 0; i < memory.length; i += 64) sum += memory[i]++;
      }
    }
  }

  /** 100 KB of ordinary prose after other work has used the caches, without a pause. */
  @Benchmark
  public Inspection benignTextAfterOtherWork(OtherWork work) { return firewall.scanJson(benign, Direction.TOOL_RESULT); }

  /** 100 KB of ordinary prose inspected on a new virtual thread, as the gateway inspects each request's result. */
  @Benchmark
  public Object benignTextOnVirtualThread() throws InterruptedException {
    var inspection = new Inspection[1];
    Thread.ofVirtual().start(() -> inspection[0] = firewall.scanJson(benign, Direction.TOOL_RESULT)).join();
    return inspection[0];
  }

  /** Starting and joining a virtual thread that does nothing: the part of {@code benignTextOnVirtualThread} that is not the firewall's. */
  @Benchmark
  public Object virtualThreadAlone() throws InterruptedException {
    var done = new boolean[1];
    Thread.ofVirtual().start(() -> done[0] = true).join();
    return done;
  }

  /** 100 KB of prose with an injection, hidden comment, exfiltration image, token, personal data or password every 4 KB. */
  @Benchmark
  public Inspection hostileText() { return firewall.scanJson(hostile, Direction.TOOL_RESULT); }

  /** The same hostile prose: what it waits for before it passes (its secrets redacted, its hidden content stripped). */
  @Benchmark
  public Firewall.ResultInspection hostileTextBeforeItPasses() { return firewall.scanResult(hostile); }

  /** 100 KB of structured content: about 500 records of six fields. */
  @Benchmark
  public Inspection structuredRecords() { return firewall.scanJson(records, Direction.TOOL_RESULT); }

  /** The same records after a pause, as {@code benignTextAfterPause} reads prose. */
  @Benchmark
  public Inspection structuredRecordsAfterPause(Pause pause) { return firewall.scanJson(records, Direction.TOOL_RESULT); }

  /** The same records with no category scanned: the walk, normalising each string and the look-up of short ones, without detectors. */
  @Benchmark
  public Inspection structuredRecordsScanningNothing() { return scanningNothing.scanJson(records, Direction.TOOL_RESULT); }

  /** Arguments of a typical outbound call (a 2 KB email body). */
  @Benchmark
  public Inspection toolArguments() { return firewall.scanJson(arguments, Direction.TOOL_ARGUMENTS); }

  /** Flow recording on the calling thread: fingerprints of every value of the benign 100 KB result. */
  @Benchmark
  public Set<String> benignFlowRecord() { return tracker.record("s", benign, UNTRUSTED); }

  /** Flow recording on the calling thread, structured. */
  @Benchmark
  public Set<String> structuredFlowRecord() { return tracker.record("s", records, UNTRUSTED); }

  /**
   * The same records from a trusted source: their values are also remembered as seen from a trusted
   * source, and their numbers, however short, as numbers a trusted result showed.
   */
  @Benchmark
  public Set<String> structuredTrustedFlowRecord() { return tracker.record("t", records, TRUSTED); }

  /** What a call with a 100 KB prose result waits for with the defence on: inspection, then recording handed over. */
  @Benchmark
  public List<Object> benignResultPath(Background background) {
    Firewall.ResultInspection inspection = firewall.scanResult(benign);
    return List.of(inspection, background.record(inspection.inspection().content(), inspection.deferred()));
  }

  /** The same for 100 KB of structured records. */
  @Benchmark
  public List<Object> structuredResultPath(Background background) {
    Firewall.ResultInspection inspection = firewall.scanResult(records);
    return List.of(inspection, background.record(inspection.inspection().content(), inspection.deferred()));
  }
}
