package dev.portcullis.firewall;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A piece of work one thread offers to another and takes back if nobody has started it: whichever
 * thread claims it first runs it, once. The offering thread {@link #join joins} it when it needs
 * the result — running it itself if the helper thread never got to it (a busy pool costs no waiting),
 * else waiting for the helper to finish. A failure of the work is rethrown to the joining thread.
 */
final class Offered implements Runnable {
  private final Runnable work;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Throwable failure;

  Offered(Runnable work) { this.work = work; }

  /**
   * Offers {@code work} to {@code helper}; an executor that refuses it (busy, shut down) leaves the
   * work to whoever joins it, so a refusal needs no handling.
   */
  static void offer(Executor helper, Runnable work) {
    try {
      helper.execute(work);
    } catch (RejectedExecutionException e) {
      // The joining thread does the work.
    }
  }

  /** Runs the work unless another thread claimed it first. */
  @Override public void run() {
    if (claimed.compareAndSet(false, true)) execute();
  }

  /** Runs the work here if nobody has, else waits until it is done; rethrows what it threw. */
  void join() {
    if (claimed.compareAndSet(false, true)) {
      execute();
    } else {
      awaitUninterruptibly(done);
    }
    Throwable t = failure;
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof Error e) throw e;
    if (t != null) throw new IllegalStateException("parallel inspection failed", t);
  }

  /**
   * Waits for a latch however often the thread is interrupted, keeping the interrupt for later: what
   * is waited for is bounded work already under way, and giving up on it would lose its result.
   */
  static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void execute() {
    try {
      work.run();
    } catch (Throwable t) {
      failure = t;
    } finally {
      done.countDown();
    }
  }
}
