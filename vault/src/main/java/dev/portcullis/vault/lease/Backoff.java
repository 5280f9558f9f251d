package dev.portcullis.vault.lease;

import java.time.Duration;

/** How long to wait before retrying a failed revocation: one second, doubling, at most five minutes. */
final class Backoff {
  static final Duration FIRST = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofMinutes(5);

  private Backoff() {}

  /** The wait after the {@code attempts}-th failure (1-based). */
  static Duration after(int attempts) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 20);
    Duration wait = FIRST.multipliedBy(1L << doublings);
    return wait.compareTo(MAX) > 0 ? MAX : wait;
  }
}
