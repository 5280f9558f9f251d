package dev.portcullis.bench.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.firewall.Direction;
import dev.portcullis.firewall.Firewall;
import dev.portcullis.firewall.FirewallSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the injection verdict of the firewall (default settings, tool-result direction) on
 * labelled JSON Lines files — one object a line with {@code label} (1 attack, 0 benign) and
 * {@code text} — and how fast it scans them.
 *
 * <p>Usage: {@code DetectorRun [--passes N] file.jsonl...}. Prints per file and overall: TP, FP,
 * TN, FN, precision, recall, false-positive rate, F1 and throughput in MB/s (UTF-8 bytes scanned per
 * second of this thread's CPU time, every detector on, after a warm-up of a few seconds per file).
 * Files are read from where they are; nothing is copied.
 */
public final class DetectorRun {
  private static final long WARM_UP_NANOS = 3_000_000_000L;
  private static final long MEASURE_NANOS = 3_000_000_000L;

  private DetectorRun() {}

  /** One labelled text. */
  record Sample(boolean attack, String text) {}

  /** Counts for one file or all of them. */
  static final class Tally {
    final String name;
    long tp;
    long fp;
    long tn;
    long fn;
    long bytes;
    long nanos;

    Tally(String name) { this.name = name; }

    void add(boolean attack, boolean flagged) {
      if (attack && flagged) tp++;
      else if (attack) fn++;
      else if (flagged) fp++;
      else tn++;
    }

    void add(Tally other) {
      tp += other.tp;
      fp += other.fp;
      tn += other.tn;
      fn += other.fn;
      bytes += other.bytes;
      nanos += other.nanos;
    }

    String row() {
      double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
      double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
      double fpr = fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn);
      double f1 = Double.isNaN(precision) || Double.isNaN(recall) || precision + recall == 0 ? Double.NaN
          : 2 * precision * recall / (precision + recall);
      double mbs = nanos == 0 ? 0 : bytes / 1e6 / (nanos / 1e9);
      return String.format("%-32s %5d %5d %5d %5d %5d  %9s %7s %7s %7s %9.1f", name, tp + fp + tn + fn, tp, fp, tn, fn,
          fmt(precision), fmt(recall), fmt(fpr), fmt(f1), mbs);
    }

    private static String fmt(double v) { return Double.isNaN(v) ? "-" : String.format("%.3f", v); }
  }

  public static void main(String[] args) throws Exception {
    int passes = 5;
    var files = new ArrayList<Path>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--passes")) passes = Integer.parseInt(args[++i]);
      else files.add(Path.of(args[i]));
    }
    if (files.isEmpty()) {
      System.err.println("usage: DetectorRun [--passes N] file.jsonl...");
      System.exit(2);
    }
    try (Firewall firewall = Firewall.create(FirewallSettings.defaults())) {
      var tallies = new ArrayList<Tally>();
      for (Path f : files) tallies.add(run(firewall, f, passes));
      var overall = new Tally("overall");
      tallies.forEach(overall::add);
      System.out.printf("%-32s %5s %5s %5s %5s %5s  %9s %7s %7s %7s %9s%n", "file", "n", "TP", "FP", "TN", "FN", "precision",
          "recall", "FPR", "F1", "MB/s");
      tallies.forEach(t -> System.out.println(t.row()));
      if (tallies.size() > 1) System.out.println(overall.row());
    }
  }

  static List<Sample> read(Path file) throws IOException {
    var mapper = new ObjectMapper();
    var samples = new ArrayList<Sample>();
    int line = 0;
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      line++;
      if (l.isBlank()) continue;
      JsonNode node = mapper.readTree(l);
      if (!node.path("text").isTextual() || !node.path("label").isNumber()) {
        throw new IOException(file.getFileName() + " line " + line + ": needs a text string and a numeric label");
      }
      samples.add(new Sample(node.path("label").asInt() == 1, node.path("text").asText()));
    }
    return samples;
  }

  private static Tally run(Firewall firewall, Path file, int passes) throws IOException {
    List<Sample> samples = read(file);
    var tally = new Tally(file.getFileName().toString());
    for (Sample s : samples) tally.add(s.attack(), firewall.scanText(s.text(), Direction.TOOL_RESULT).injectionSuspected());
    long bytes = samples.stream().mapToLong(s -> s.text().getBytes(StandardCharsets.UTF_8).length).sum();
    // Warm up until the JIT has compiled the hot paths, then time whole passes on this thread's CPU clock,
    // so that other processes on the machine do not count against the firewall.
    long warmUntil = System.nanoTime() + WARM_UP_NANOS;
    while (System.nanoTime() < warmUntil) scanAll(firewall, samples);
    var cpu = ManagementFactory.getThreadMXBean();
    long start = cpu.getCurrentThreadCpuTime();
    long measureUntil = System.nanoTime() + MEASURE_NANOS;
    int done = 0;
    while (done < passes || System.nanoTime() < measureUntil) {
      scanAll(firewall, samples);
      done++;
    }
    tally.nanos = cpu.getCurrentThreadCpuTime() - start;
    tally.bytes = bytes * done;
    return tally;
  }

  private static int scanAll(Firewall firewall, List<Sample> samples) {
    int hits = 0;
    for (Sample s : samples) hits += firewall.scanText(s.text(), Direction.TOOL_RESULT).hits().size();
    return hits;
  }
}
