package dev.portcullis.identity;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens whose header and signature have passed, so that a token presented on call after call
 * pays for its ECDSA verification once. Only the signature check is remembered: the claims
 * (expiry, audience, chain), revocations, standing and the proof are checked on every call.
 *
 * <p>The cache key is the exact token text, and a verification's outcome depends on nothing but
 * that text and the keys (fixed for the reader's life), so a remembered result is always the one
 * a fresh verification would give. Refused tokens are never remembered. Memory is bounded: when
 * full, expired entries are dropped (at most once a second); if it is still full, new tokens are
 * verified but not remembered.
 */
final class VerifiedTokenCache {
  private final SignedTokenReader reader;
  private final int capacity;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile Instant nextSweep = Instant.MIN;

  VerifiedTokenCache(SignedTokenReader reader, int capacity, InstantSource clock) {
    this.reader = Objects.requireNonNull(reader, "reader");
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    this.capacity = capacity;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The verified type and claims of a token, from memory or from {@link SignedTokenReader#verify}. */
  SignedTokenReader.Verified verify(String token) {
    Entry known = token == null ? null : entries.get(token);
    if (known != null) return known.verified();
    SignedTokenReader.Verified verified = reader.verify(token);
    Instant expiresAt = ClaimValues.instant(verified.claims(), "exp", "token");
    if (expiresAt == null) return verified;
    var remembered = new SignedTokenReader.Verified(verified.type(), Collections.unmodifiableMap(verified.claims()));
    Instant now = clock.instant();
    if (entries.size() >= capacity) sweep(now);
    if (entries.size() < capacity) entries.putIfAbsent(token, new Entry(remembered, expiresAt));
    return remembered;
  }

  /** How many tokens are remembered. */
  int size() { return entries.size(); }

  private void sweep(Instant now) {
    if (now.isBefore(nextSweep)) return;
    nextSweep = now.plusSeconds(1);
    entries.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
  }

  private record Entry(SignedTokenReader.Verified verified, Instant expiresAt) {}
}
