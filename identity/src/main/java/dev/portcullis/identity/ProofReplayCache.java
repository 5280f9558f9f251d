package dev.portcullis.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DPoP proofs accepted recently, keyed by proof key thumbprint and {@code jti}, so that a
 * proof is accepted at most once (RFC 9449 §11.1).
 *
 * <p>A proof only needs remembering while its {@code iat} would still pass: at most one proof
 * window ({@link DelegationSettings#proofWindow()}) after it was accepted. Entries are kept in
 * acceptance order with that deadline, so expired ones are dropped from the head in constant
 * time per entry. Memory is bounded: when the cache is full of live entries, a new proof is
 * refused rather than an old one forgotten — forgetting would let that one be replayed.
 *
 * <p>One lock guards the map; the work under it is a hash lookup and the eviction of what expired.
 */
final class ProofReplayCache {
  private final int capacity;
  private final Duration window;
  private final LinkedHashMap<Key, Instant> seen = new LinkedHashMap<>();

  /** A cache of at most {@code capacity} proofs, each kept for {@code window} after acceptance. */
  ProofReplayCache(int capacity, Duration window) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    this.capacity = capacity;
    this.window = window;
  }

  /**
   * Records a proof as used at {@code now}.
   *
   * @throws dev.portcullis.core.GatewayException when the proof was used before, or when the cache
   *                                              is full of proofs that may not be forgotten yet
   */
  synchronized void remember(String jkt, String jti, Instant now) {
    evictExpired(now);
    var key = new Key(jkt, jti);
    if (seen.containsKey(key)) throw Rejection.of("DPoP proof has been used before (jti)");
    if (seen.size() >= capacity) {
      throw Rejection.of("too many recent DPoP proofs to check this one for replay; try again shortly");
    }
    seen.put(key, now.plus(window));
  }

  /** How many proofs are remembered now. */
  synchronized int size() { return seen.size(); }

  private void evictExpired(Instant now) {
    Iterator<Map.Entry<Key, Instant>> entries = seen.entrySet().iterator();
    while (entries.hasNext()) {
      if (entries.next().getValue().isAfter(now)) return;
      entries.remove();
    }
  }

  private record Key(String jkt, String jti) {}
}
