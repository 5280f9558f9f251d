package dev.portcullis.bench.lease;

import java.nio.file.Path;

/**
 * The command line of {@link LeaseLatencyRun}.
 *
 * @param iterations measured rounds; every measure is taken once per round (pg issue twice)
 * @param warmup     rounds run first and thrown away, so that the JIT, the connection paths and the
 *                   SQLite file are warm before anything is counted
 * @param out        where to write the JSON report, or {@code null} for none
 */
public record LeaseRunOptions(int iterations, int warmup, Path out) {
  /** The usage text. */
  public static final String USAGE = "usage: LeaseLatencyRun [--iterations N (default " + LeaseRunOptions.DEFAULT_ITERATIONS
      + ")] [--warmup N (default " + LeaseRunOptions.DEFAULT_WARMUP + ")] [--out report.json]";

  /** Sized so that the default run stays under about two minutes on two cores. */
  static final int DEFAULT_ITERATIONS = 200;
  static final int DEFAULT_WARMUP = 20;

  public LeaseRunOptions {
    if (iterations < 1) throw new IllegalArgumentException("--iterations must be at least 1, was " + iterations);
    if (warmup < 0) throw new IllegalArgumentException("--warmup must not be negative, was " + warmup);
  }

  /** Parses the command line; unknown options, options without a value and malformed numbers are errors. */
  public static LeaseRunOptions parse(String[] argv) {
    int iterations = DEFAULT_ITERATIONS;
    int warmup = DEFAULT_WARMUP;
    Path out = null;
    for (int i = 0; i < argv.length; i++) {
      String option = argv[i];
      if (option.equals("--help") || option.equals("-h")) throw new IllegalArgumentException(USAGE);
      if (i + 1 >= argv.length) throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
      String value = argv[++i];
      switch (option) {
        case "--iterations" -> iterations = number(option, value);
        case "--warmup" -> warmup = number(option, value);
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
      }
    }
    return new LeaseRunOptions(iterations, warmup, out);
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, was '" + value + "'");
    }
  }
}
