package dev.portcullis.audit;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Map;

/**
 * The child process of {@link CrashDurabilityTest}: appends from several threads in a tight loop
 * and prints {@code ack <seq> end} for every append that returned, until killed or done.
 *
 * <p>Arguments: log file, key file, threads, appends per thread.
 */
public final class AppendingChild {
  private AppendingChild() {}

  /** Runs the appenders. */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[2]);
    int perThread = Integer.parseInt(args[3]);
    try (var log = ChainedFileAuditLog.open(Path.of(args[0]), Path.of(args[1]), InstantSource.system())) {
      var workers = new ArrayList<Thread>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < perThread; i++) {
            try {
              long seq = log.append(TestLogs.record("intent", "ex-" + thread + "-" + i, Map.of("thread", thread, "i", i)));
              synchronized (System.out) {
                System.out.println("ack " + seq + " end");
                System.out.flush();
              }
            } catch (Exception e) {
              System.err.println("append failed: " + e);
              return;
            }
          }
        }));
      }
      for (Thread worker : workers) worker.join();
    }
  }
}
