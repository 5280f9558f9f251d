package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the approvers, who in this benchmark never approve anything: it denies every held
 * call as soon as it appears. The outcome is the one a held call would reach at its approval
 * timeout with nobody around, without making every held call wait that long.
 */
public final class ApprovalWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalWatcher.class);
  private static final String COMMENT = "no human approves anything in the scenario benchmark";

  private final AdminClient admin;
  private final Duration interval;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger denied = new AtomicInteger();
  private final Thread thread;

  /** Starts watching, looking for held calls every {@code interval}. */
  public ApprovalWatcher(AdminClient admin, Duration interval) {
    this.admin = admin;
    this.interval = interval;
    this.thread = Thread.ofPlatform().daemon().name("approval-watcher").start(this::watch);
  }

  /** How many held calls it has denied. */
  public int denied() { return denied.get(); }

  private void watch() {
    while (running.get()) {
      try {
        for (JsonNode approval : admin.pendingApprovals()) {
          if (admin.deny(approval.path("id").asText(), COMMENT)) denied.incrementAndGet();
        }
      } catch (RuntimeException e) {
        if (running.get()) LOG.warn("looking for held calls failed: {}", e.getMessage());
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    thread.interrupt();
  }
}
