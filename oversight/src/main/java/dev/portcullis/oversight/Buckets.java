package dev.portcullis.oversight;

import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * The token buckets of all throttle rules, created lazily per key and bounded in number. Not
 * thread-safe; the owner serialises access.
 */
final class Buckets {
  /*
   * Bound: a full bucket is indistinguishable from a new one, so dropping it loses nothing. When
   * the map is at its bound, a few of the least recently used buckets are examined and the full
   * ones dropped. If none is full, the map is saturated with buckets in active use; a new key is
   * then refused rather than admitted unmetered or allowed to grow the map (fail closed).
   */
  private static final int EVICTION_SCAN = 8;

  private final int maxSize;
  private final LinkedHashMap<Key, TokenBucket> map = new LinkedHashMap<>(64, 0.75f, true);

  /** An empty set of buckets holding at most {@code maxSize}. */
  Buckets(int maxSize) {
    if (maxSize < 1) throw new IllegalArgumentException("maximum number of throttle buckets must be positive, was " + maxSize);
    this.maxSize = maxSize;
  }

  /**
   * The bucket for this key, refilled up to {@code now}; a new full bucket when there was none, or
   * {@code null} when there is no room for another bucket.
   */
  TokenBucket get(Key key, ThrottleRule rule, Instant now) {
    TokenBucket bucket = map.get(key);
    if (bucket == null) {
      if (map.size() >= maxSize && !evictFull(now)) return null;
      bucket = new TokenBucket(rule.limit(), rule.window(), now);
      map.put(key, bucket);
    }
    bucket.refill(now);
    return bucket;
  }

  /** How many buckets exist. */
  int size() { return map.size(); }

  private boolean evictFull(Instant now) {
    boolean evicted = false;
    var it = map.values().iterator();
    for (int i = 0; i < EVICTION_SCAN && it.hasNext(); i++) {
      TokenBucket bucket = it.next();
      bucket.refill(now);
      if (bucket.isFull()) {
        it.remove();
        evicted = true;
      }
    }
    return evicted;
  }

  /** What one bucket counts: a rule and, depending on its scope, an agent and/or a tool. */
  record Key(String rule, String agent, String tool) {}
}
