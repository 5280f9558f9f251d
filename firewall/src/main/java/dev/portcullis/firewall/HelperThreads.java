package dev.portcullis.firewall;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that take the second half of a long text's inspection. Work comes in bursts: one
 * inspection offers a half of its normalisation, then a half of its keyword pass and detectors, a
 * hundred microseconds apart. A helper that went to sleep after the first would take about as long
 * to wake as the work it saves, so a helper stays awake, spinning, for a short while after each
 * piece of work before it parks. Nothing waits for a helper: work it does not start in time is
 * done by the thread that offered it (see {@link Offered}), so a full queue simply drops the offer.
 */
final class HelperThreads implements Executor, AutoCloseable {
  /* How long an idle helper keeps looking for work before it parks. */
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final ArrayBlockingQueue<Runnable> queue;
  private final Thread[] threads;
  private final AtomicInteger parked = new AtomicInteger();
  private volatile boolean started;
  private volatile boolean closed;

  /** {@code count} daemon helper threads named after {@code name}, started when first offered work. */
  HelperThreads(int count, String name) {
    if (count < 1) throw new IllegalArgumentException("at least one helper thread, not " + count);
    queue = new ArrayBlockingQueue<>(8 * count);
    threads = new Thread[count];
    for (int i = 0; i < count; i++) {
      threads[i] = new Thread(this::work, name + "-" + (i + 1));
      threads[i].setDaemon(true);
    }
  }

  /** Offers work to a helper; refused when the queue is full or the helpers are closed. */
  @Override public void execute(Runnable task) {
    if (!started) start();
    if (closed || !queue.offer(task)) throw new RejectedExecutionException("no helper thread free");
    if (parked.get() > 0) {
      for (Thread t : threads) LockSupport.unpark(t);
    }
  }

  private synchronized void start() {
    if (started || closed) return;
    for (Thread t : threads) t.start();
    started = true;
  }

  private void work() {
    while (!closed) {
      Runnable task = queue.poll();
      if (task == null) {
        long until = System.nanoTime() + SPIN_NANOS;
        while (task == null && !closed && System.nanoTime() < until) {
          Thread.onSpinWait();
          task = queue.poll();
        }
      }
      if (task == null) {
        parked.incrementAndGet();
        try {
          // Looked at once more after announcing the park: an offer made before it is found now, one
          // made after it sees the announcement and unparks this thread.
          task = queue.poll();
          if (task == null && !closed) LockSupport.park(this);
        } finally {
          parked.decrementAndGet();
        }
        if (task == null) continue;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // Offered work keeps its own failure for the thread that joins it; anything else is dropped
        // rather than ending the helper.
      }
    }
  }

  /** Stops the helpers once they finish what they are doing; offers are refused from now on. */
  @Override public synchronized void close() {
    closed = true;
    if (started) {
      for (Thread t : threads) LockSupport.unpark(t);
    }
  }
}
