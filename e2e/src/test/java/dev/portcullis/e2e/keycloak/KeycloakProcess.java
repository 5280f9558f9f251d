package dev.portcullis.e2e.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Keycloak server process run from the unpacked distribution: {@code bin/kc.sh start-dev} on loopback with
 * an in-memory database and a realm imported at boot, its output in a log file beside the distribution.
 *
 * <p>{@code kc.sh} is a shell script that runs the server JVM as its child (or, after Keycloak rebuilt its
 * server image, replaces itself with it), so stopping means stopping the whole process tree. The process ids
 * are also written to a file, so that a server left behind by a test JVM that was killed outright is stopped
 * by the next start instead of lingering.
 */
final class KeycloakProcess {
  private static final int LOG_TAIL_LINES = 50;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /*
   * Variables that kc.sh, Quarkus or the JVM read: whatever the test JVM's environment holds for them must not
   * change the server these tests rely on, so they are cleared and only the ones set below are passed.
   */
  private static final List<String> FOREIGN_ENV_PREFIXES = List.of("KC_", "KEYCLOAK_", "QUARKUS_", "JAVA_", "JDK_JAVA_");
  private static final List<String> FOREIGN_ENV_NAMES = List.of("JAVA", "DEBUG", "DEBUG_PORT", "PRINT_ENV");

  private final Process process;
  private final Path home;
  private final Path log;
  private final Path pidFile;
  private List<Long> recordedPids = List.of();

  private KeycloakProcess(Process process, Path home, Path log, Path pidFile) {
    this.process = process;
    this.home = home;
    this.log = log;
    this.pidFile = pidFile;
  }

  /**
   * Starts Keycloak with a fresh data directory holding only the realm to import.
   *
   * @param home           the unpacked distribution ({@code bin/kc.sh} is checked by the caller)
   * @param realm          the realm JSON to import at boot
   * @param port           the loopback port for HTTP
   * @param managementPort the loopback port for the management interface (health)
   */
  static KeycloakProcess start(Path home, InputStream realm, int port, int managementPort) throws IOException {
    Path pidFile = home.resolveSibling("keycloak.pids");
    Path log = home.resolveSibling("keycloak.log");
    stopLeftOver(pidFile, home);
    Path imports = freshDataDirectory(home).resolve("import");
    Files.createDirectories(imports);
    Files.copy(realm, imports.resolve(PortcullisRealm.NAME + "-realm.json"));

    String base = "http://127.0.0.1:" + port;
    var builder = new ProcessBuilder("sh", home.resolve("bin/kc.sh").toString(), "start-dev",
        "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
        // a fixed hostname keeps the issuer the same whichever address a client uses to reach the server
        "--hostname=" + base, "--health-enabled=true", "--db=dev-mem", "--import-realm")
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> FOREIGN_ENV_NAMES.contains(name) || FOREIGN_ENV_PREFIXES.stream().anyMatch(name::startsWith));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    // C1 only: the server answers a handful of requests, and skipping C2 roughly halves its start on two cores
    env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
    var started = new KeycloakProcess(builder.start(), home, log, pidFile);
    started.recordPids();
    return started;
  }

  /**
   * Waits until {@code probe} answers 200, checking that the server is still running between tries.
   *
   * @return the body of the first 200 answer
   * @throws IOException with the end of the server log if the server exits or the deadline passes first
   */
  String awaitReady(HttpClient http, URI probe, Duration deadline) throws IOException, InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    String lastProblem = "no answer yet";
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IOException("Keycloak exited with status " + process.exitValue() + " before " + probe
            + " answered. Last lines of " + log + ":\n" + logTail());
      }
      recordPids();
      try {
        var request = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) return response.body();
        lastProblem = "HTTP " + response.statusCode();
      } catch (IOException notYet) {
        lastProblem = notYet.toString();
      }
      Thread.sleep(250);
    }
    throw new IOException("Keycloak did not answer " + probe + " within " + deadline + " (last: " + lastProblem
        + "). Last lines of " + log + ":\n" + logTail());
  }

  /** Whether Keycloak's log says it rebuilt its server image during this start (the first start after unpacking). */
  boolean rebuiltServerImage() {
    return readLog().contains("Quarkus augmentation completed");
  }

  /** The log file of this server. */
  Path log() { return log; }

  /** The last lines of the server log, for failure messages. */
  String logTail() {
    List<String> lines = readLog().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  /** Stops the whole process tree: SIGTERM, then SIGKILL for whatever still runs after a grace period. */
  void stop() {
    stopTree(Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList());
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException ignored) {
      // a stale file only names processes that no longer run; the next start checks before it stops anything
    }
  }

  private String readLog() {
    try {
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Writes the ids of the process tree to the pid file when they changed (kc.sh starts the server JVM later). */
  private void recordPids() throws IOException {
    List<Long> pids = Stream.concat(Stream.of(process.toHandle()), process.descendants()).map(ProcessHandle::pid).toList();
    if (pids.equals(recordedPids)) return;
    Files.write(pidFile, pids.stream().map(String::valueOf).toList());
    recordedPids = pids;
  }

  /** Stops processes named in {@code pidFile} that still run from this distribution; others are left alone. */
  private static void stopLeftOver(Path pidFile, Path home) throws IOException {
    if (!Files.exists(pidFile)) return;
    var leftOver = new LinkedHashSet<ProcessHandle>();
    for (String line : Files.readAllLines(pidFile)) {
      if (!line.strip().matches("[0-9]{1,19}")) continue;
      ProcessHandle.of(Long.parseLong(line.strip()))
          .filter(h -> h.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
          .ifPresent(h -> {
            h.descendants().forEach(leftOver::add);
            leftOver.add(h);
          });
    }
    stopTree(leftOver);
    Files.delete(pidFile);
  }

  private static void stopTree(Collection<ProcessHandle> tree) {
    tree.forEach(ProcessHandle::destroy);
    long end = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException stillRunning) {
        h.destroyForcibly();
      } catch (InterruptedException e) {
        h.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Deletes {@code home/data} (Keycloak's fixed data directory) and creates it empty. */
  private static Path freshDataDirectory(Path home) throws IOException {
    Path data = home.resolve("data");
    if (Files.exists(data)) {
      try (Stream<Path> all = Files.walk(data)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot clear Keycloak's data directory " + data, e);
          }
        });
      }
    }
    return Files.createDirectories(data);
  }
}
