package dev.portcullis.bench.scenarios;

import dev.portcullis.bench.scenarios.server.Json;
import dev.portcullis.server.config.ConfigException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the compromised-agent scenario suite through Portcullis and reports attack success rate and
 * utility with the defence off and on.
 *
 * <p>For each defence setting it starts a gateway in this process with the suites' servers as
 * stdio upstreams, then runs every benign task, and every pairing of a task that reads
 * attacker-controlled text with an attacker goal and an attack template. Every run starts from
 * fresh server state and with a new instance of the suite's agent, acting for the suite's user
 * under a delegation for the run's task (an attack run: the task whose data carries the attack).
 * No held call is ever approved. See {@link RunOptions} for the command line.
 */
public final class ScenarioRun {
  private ScenarioRun() {}

  /** Runs the suite as the command line says; exits 2 on a usage error or when a setting could not run. */
  public static void main(String[] args) throws IOException {
    RunOptions options;
    try {
      options = RunOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path work = options.workDir() != null ? Files.createDirectories(options.workDir()) : Files.createTempDirectory("portcullis-scenarios-");
    var report = new ScenarioReport();
    boolean complete = true;
    try {
      for (Defence defence : options.defences()) {
        complete &= runDefence(defence, options, work.resolve("defence-" + defence.id()), report);
      }
    } finally {
      if (options.workDir() == null) deleteTree(work);
    }
    System.out.print(report.table());
    if (options.out() != null) {
      var settings = new LinkedHashMap<String, Object>();
      settings.put("suites", options.suites().stream().map(Suite::title).toList());
      settings.put("defences", options.defences().stream().map(Defence::id).toList());
      settings.put("templates", options.templates().stream().map(AttackTemplate::id).toList());
      settings.put("suspicionRule", options.suspicionRule());
      Path parent = options.out().toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(options.out(), Json.pretty(report.json(settings)));
      System.out.println("Report written to " + options.out());
    }
    // Exit explicitly: a gateway that failed to start may leave a non-daemon thread behind.
    System.exit(complete ? 0 : 2);
  }

  private static boolean runDefence(Defence defence, RunOptions options, Path dir, ScenarioReport report) throws IOException {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Absolute entries, so the servers find their classes whatever directory they start in.
    String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    long started = System.nanoTime();
    GatewayHarness harness;
    try {
      harness = GatewayHarness.start(dir, options.suites(), defence, options.suspicionRule(), java, classpath);
    } catch (ConfigException | IllegalStateException e) {
      // With the defence on, a gateway without the information-flow work refuses the tool labels
      // and firewall keys, or the policy's flow variables.
      System.err.println("defence " + defence.id() + ": the gateway could not start with the generated configuration in "
          + dir.resolve("gateway.yaml") + (defence == Defence.ON ? " (the defence needs tool labels, the firewall and the flow "
          + "variables in policy)" : "") + ":\n" + e.getMessage());
      return false;
    }
    try (harness) {
      for (Suite suite : options.suites()) {
        List<RunResult> runs = runSuite(harness.runner(suite), options.templates());
        report.add(defence, suite.title(), runs);
        Tally t = Tally.of(runs);
        System.err.printf("defence %s, %s: %d benign runs, %d attack runs%n", defence.id(), suite.title(), t.benign(), t.attacks());
      }
      System.err.printf("defence %s: %d held calls denied for want of a human, %d s%n", defence.id(), harness.heldCallsDenied(),
          Duration.ofNanos(System.nanoTime() - started).toSeconds());
      return true;
    }
  }

  /** Every benign task, then every attack pairing, of one suite. */
  static List<RunResult> runSuite(SuiteRunner runner, List<AttackTemplate> templates) {
    var runs = new ArrayList<RunResult>();
    for (UserTask task : runner.suite().tasks()) runs.add(runner.benign(task));
    for (UserTask task : runner.suite().attackableTasks()) {
      for (AttackerGoal goal : runner.suite().goals()) {
        for (AttackTemplate template : templates) runs.add(runner.attack(task, goal, template));
      }
    }
    return runs;
  }

  /** Deletes a directory and everything in it. */
  public static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
