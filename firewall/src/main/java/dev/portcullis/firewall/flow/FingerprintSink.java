package dev.portcullis.firewall.flow;

/**
 * A sink that fingerprints each extracted value and passes the fingerprint on. Shingles are hashed
 * from their words where they stand in the text, never joined into strings; whole values and
 * shingles go through the same {@link Fingerprints} function, so a shingle of a result matches the
 * same four words extracted from an argument. Not thread-safe: one extraction at a time.
 */
final class FingerprintSink implements ValueExtractor.Sink {
  /** Receives fingerprints; returns false to stop the extraction. */
  @FunctionalInterface
  interface Consumer {
    /**
     * A fingerprint, with the value it was made from, or null for a shingle (which, having spaces,
     * is never a link; see {@link Links}).
     */
    boolean accept(long fingerprint, String value);
  }

  private final Fingerprints fingerprints;
  private final Fingerprints.Hasher hasher;
  private final Consumer consumer;
  private byte[] scratch = new byte[128];

  FingerprintSink(Fingerprints fingerprints, Consumer consumer) {
    this.fingerprints = fingerprints;
    this.hasher = fingerprints.hasher();
    this.consumer = consumer;
  }

  @Override
  public boolean accept(String value) { return consumer.accept(hasher.put(value, 0, value.length()).finish(), value); }

  @Override
  public boolean acceptShingle(String text, byte[] ascii, int[] bounds) {
    long fingerprint;
    if (ascii == null) {
      fingerprint = Shingles.feed(hasher, text, bounds).finish();
    } else if (Shingles.contiguous(ascii, bounds)) {
      fingerprint = fingerprints.ofAscii(ascii, bounds[0], bounds[bounds.length - 1]);
    } else {
      // Words apart by more than one space (a full stop, a comma): joined in a scratch array.
      int length = Shingles.join(ascii, bounds, scratch);
      if (length < 0) {
        scratch = new byte[Math.max(2 * scratch.length, -length)];
        length = Shingles.join(ascii, bounds, scratch);
      }
      fingerprint = fingerprints.ofAscii(scratch, 0, length);
    }
    return consumer.accept(fingerprint, null);
  }
}
