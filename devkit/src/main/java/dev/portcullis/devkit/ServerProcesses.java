package dev.portcullis.devkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the PostgreSQL tools, as an unprivileged user when the JVM runs as root.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root, and tests in containers often do.
 * Then every tool runs through {@code setpriv} as uid/gid 65534 (the conventional {@code nobody} and
 * {@code nogroup}) with no supplementary groups, and the files the server writes are handed to that
 * user first.
 */
final class ServerProcesses {
  static final int UNPRIVILEGED_ID = 65534;

  private final Path bin;
  private final boolean root;

  ServerProcesses(Path installation) throws IOException {
    this.bin = installation.resolve("bin");
    this.root = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
  }

  /** Whether the tools run as the unprivileged user. */
  boolean dropsPrivileges() { return root; }

  /** Makes {@code path} and everything under it belong to the user the server runs as. */
  void handOver(Path path) throws IOException {
    if (!root) return;
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.toList()) {
        Files.setAttribute(p, "unix:uid", UNPRIVILEGED_ID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", UNPRIVILEGED_ID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  /**
   * Runs a tool from the installation's {@code bin/} to completion.
   *
   * @throws IOException when it fails or runs longer than {@code timeoutSeconds}, with its output
   */
  String run(String tool, List<String> arguments, int timeoutSeconds) throws IOException {
    var command = new ArrayList<String>();
    if (root) {
      command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(arguments);
    var pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] output;
    try {
      output = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(tool + " did not finish within " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while waiting for " + tool, e);
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) throw new IOException(tool + " failed with exit code " + p.exitValue() + ":\n" + text);
    return text;
  }
}
