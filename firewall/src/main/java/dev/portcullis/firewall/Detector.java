package dev.portcullis.firewall;

import java.util.List;

/**
 * A content detector: reads a normalised text and reports what it found. Detectors are stateless
 * after construction and safe to share between threads; they must never return the matched text.
 */
public interface Detector {
  /** The detector's name, as its findings carry it. */
  String name();

  /** The findings in a text, with offsets into {@link NormalizedText#text()}. */
  List<Finding> scan(NormalizedText text);
}
