package dev.portcullis.core;

import java.util.Set;

/**
 * Labels content inspection attached to what an upstream returned for this call (for example
 * {@code injection-suspected}, {@code personal}, {@code secret}), so that the information-flow step
 * can add them to the session and to the fingerprints of the returned values.
 *
 * @param labels the labels
 */
public record ContentLabels(Set<String> labels) {
  /** The key under which response inspection leaves the labels it found. */
  public static final Exchange.Key<ContentLabels> KEY = Exchange.Key.of("content-labels", ContentLabels.class);

  public ContentLabels {
    labels = Set.copyOf(labels);
  }
}
