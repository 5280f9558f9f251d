package dev.portcullis.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The child processes of one fixture: started here, all stopped at {@link #close()}. */
final class Processes implements AutoCloseable {
  private final List<Process> started = new ArrayList<>();

  /** Starts a process and remembers it for {@link #close()}. */
  synchronized Process start(ProcessBuilder builder) throws IOException {
    Process p = builder.start();
    started.add(p);
    return p;
  }

  /** Stops one process: SIGTERM, then SIGKILL after five seconds. */
  static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    for (Process p : started.reversed()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      stop(p);
    }
    started.clear();
  }

  /** A TCP port free at the time of asking. */
  static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits until something accepts connections on a loopback port. */
  static void awaitPort(int port, Process process, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IOException("process exited with status " + process.exitValue() + " before listening on " + port);
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException("nothing listened on port " + port + " within " + timeout);
  }
}
