package dev.portcullis.identity.idp;

import java.time.Duration;
import java.util.ArrayList;

/**
 * How long the signing keys of an identity provider are kept and how often they may be fetched
 * again.
 *
 * <p>Keys are fetched again once they are {@code timeToLive} old. A token naming a key id that is
 * not in the cache triggers a fetch too, but no fetch of any kind starts sooner than
 * {@code refreshCooldown} after the previous attempt, so forged key ids cannot make the gateway
 * hammer the provider. When fetching fails, the cached keys keep serving until they are
 * {@code maxStale} old (counted from the last successful fetch); after that every token of that
 * provider is refused until the provider answers again.
 *
 * <p>Every invalid value is reported at once, in one {@link IllegalArgumentException}.
 *
 * @param timeToLive      how long fetched keys are used before they are fetched again
 * @param refreshCooldown the least time between two fetch attempts; not longer than {@code timeToLive}
 * @param maxStale        how old cached keys may get while the provider cannot be reached; at least
 *                        {@code timeToLive}
 */
public record KeyCachePolicy(Duration timeToLive, Duration refreshCooldown, Duration maxStale) {
  /** Ten minutes to live, thirty seconds between fetches, one hour of outage tolerance. */
  public static final KeyCachePolicy DEFAULT =
      new KeyCachePolicy(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofHours(1));

  public KeyCachePolicy {
    var errors = new ArrayList<String>();
    if (!positive(timeToLive)) errors.add("timeToLive must be positive, was " + timeToLive);
    if (!positive(refreshCooldown)) errors.add("refreshCooldown must be positive, was " + refreshCooldown);
    if (!positive(maxStale)) errors.add("maxStale must be positive, was " + maxStale);
    if (errors.isEmpty() && refreshCooldown.compareTo(timeToLive) > 0) {
      errors.add("refreshCooldown (" + refreshCooldown + ") must not be longer than timeToLive (" + timeToLive + ")");
    }
    if (errors.isEmpty() && maxStale.compareTo(timeToLive) < 0) {
      errors.add("maxStale (" + maxStale + ") must not be shorter than timeToLive (" + timeToLive + ")");
    }
    if (!errors.isEmpty()) throw new IllegalArgumentException("invalid key cache policy: " + String.join("; ", errors));
  }

  private static boolean positive(Duration duration) {
    return duration != null && duration.isPositive();
  }
}
