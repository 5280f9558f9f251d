package dev.portcullis.vault.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the credentials of one backend live.
 *
 * @param ttl    how long a checked-out credential lasts (shortened to the end of the task's grant)
 * @param maxTtl the longest renewals can stretch it
 */
public record LeaseTerms(Duration ttl, Duration maxTtl) {
  public LeaseTerms {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(maxTtl, "maxTtl");
    if (ttl.isNegative() || ttl.isZero() || maxTtl.compareTo(ttl) < 0) {
      throw new IllegalArgumentException("lease terms need a positive ttl no longer than max ttl (ttl " + ttl
          + ", max ttl " + maxTtl + ")");
    }
  }
}
