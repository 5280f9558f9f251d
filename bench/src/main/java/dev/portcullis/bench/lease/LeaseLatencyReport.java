package dev.portcullis.bench.lease;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: every measure's distribution and its ratio to the baseline taken in the
 * same run, as a table for people and as JSON for tools.
 *
 * @param machine    what the run ran on (processors, OS, JVM, PostgreSQL version)
 * @param iterations measured rounds
 * @param warmup     rounds thrown away first
 * @param summaries  the distribution of each measure
 */
record LeaseLatencyReport(Map<String, String> machine, int iterations, int warmup,
                          Map<Measure, LatencySummary> summaries) {

  /** The ratio of a measure's percentile to its baseline's, or NaN without a baseline. */
  double ratio(Measure measure, boolean p99) {
    Measure base = measure.baseline();
    LatencySummary mine = summaries.get(measure);
    LatencySummary theirs = base == null ? null : summaries.get(base);
    if (mine == null || theirs == null) return Double.NaN;
    return p99 ? mine.p99() / theirs.p99() : mine.p50() / theirs.p50();
  }

  /** The human-readable table, one measure a line, followed by what each measure covers. */
  String table() {
    var out = new StringBuilder();
    machine.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
    out.append("rounds: ").append(iterations).append(" measured after ").append(warmup).append(" warm-up\n\n");
    String header = String.format(Locale.ROOT, "%-32s %5s %9s %9s %9s %9s %8s %8s  %s", "measure", "n", "p50 ms",
        "p90 ms", "p99 ms", "max ms", "x p50", "x p99", "baseline");
    out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
    summaries.forEach((measure, s) -> out.append(String.format(Locale.ROOT, "%-32s %5d %9.3f %9.3f %9.3f %9.3f %8s %8s  %s%n",
        measure.label(), s.n(), s.p50(), s.p90(), s.p99(), s.max(), times(ratio(measure, false)),
        times(ratio(measure, true)), measure.baseline() == null ? "-" : measure.baseline().label())));
    out.append('\n');
    summaries.keySet().forEach(m -> out.append("  ").append(m.label()).append(": ").append(m.description()).append('\n'));
    return out.toString();
  }

  /** The machine-readable report. */
  Map<String, Object> json() {
    var measures = new LinkedHashMap<String, Object>();
    summaries.forEach((measure, s) -> {
      var entry = new LinkedHashMap<String, Object>();
      entry.put("label", measure.label());
      entry.put("covers", measure.description());
      entry.put("n", s.n());
      entry.put("p50_ms", round(s.p50()));
      entry.put("p90_ms", round(s.p90()));
      entry.put("p99_ms", round(s.p99()));
      entry.put("max_ms", round(s.max()));
      if (measure.baseline() != null) {
        entry.put("baseline", measure.baseline().key());
        entry.put("ratio_p50", round(ratio(measure, false)));
        entry.put("ratio_p99", round(ratio(measure, true)));
      }
      measures.put(measure.key(), entry);
    });
    var root = new LinkedHashMap<String, Object>();
    root.put("benchmark", "lease-latency");
    root.put("machine", machine);
    root.put("iterations", iterations);
    root.put("warmup", warmup);
    root.put("note", "ratios are against baselines measured in the same run, interleaved round by round");
    root.put("measures", measures);
    return root;
  }

  /** Writes the JSON report to {@code file}. */
  void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json());
  }

  private static String times(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
  }

  private static double round(double v) { return Math.round(v * 1000.0) / 1000.0; }
}
