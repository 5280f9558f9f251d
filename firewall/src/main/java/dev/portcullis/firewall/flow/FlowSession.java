package dev.portcullis.firewall.flow;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The information-flow state of one flow session: the fingerprints of values its tools returned,
 * and every label it has accumulated. Callers synchronise on the session; readers wait (on the
 * session's monitor) while results are still being recorded in the background.
 */
final class FlowSession {
  final FingerprintTable fingerprints;
  final Set<String> labels = new TreeSet<>();
  Instant lastUsed;
  /* Results being fingerprinted in the background; a reader of the session waits until none are. */
  int pending;
  /* The user's words for this session's transaction, as given, or null when the user stated none. */
  String stated;
  /* The same words as NamedParties compares them. */
  String statedWords;
  /* Numbers, however short, the user stated or a party they named was shown with (canonical). */
  final Set<String> userNumbers = new java.util.HashSet<>();
  /* Numbers, however short, that trusted results showed (canonical). */
  final Set<String> trustedNumbers = new java.util.HashSet<>();

  FlowSession(int maxFingerprints, Instant now) {
    this.fingerprints = new FingerprintTable(maxFingerprints);
    this.lastUsed = now;
  }
}
