package dev.portcullis.firewall;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reports the hidden content the {@link Normalizer} found. Scores say how rarely the kind has an
 * innocent reason: tag characters and variation-selector payloads never do in tool output, HTML
 * comments and stray zero-width characters often do. Hidden content is stripped from results
 * whatever the action; a finding here is what makes it visible to policy and audit.
 */
public final class HiddenContentDetector implements Detector, ScansJoinedText {
  /* Beyond this many findings of one kind in one text, further stretches are still stripped but not reported one by one. */
  private static final int MAX_PER_KIND = 32;
  private static final Map<HiddenSpan.Kind, Double> SCORES = new EnumMap<>(Map.of(
      HiddenSpan.Kind.TAG_CHARACTERS, 0.95,
      HiddenSpan.Kind.VARIATION_SELECTORS, 0.9,
      HiddenSpan.Kind.BIDI_CONTROL, 0.6,
      HiddenSpan.Kind.ANSI_ESCAPE, 0.5,
      HiddenSpan.Kind.ZERO_WIDTH, 0.4,
      HiddenSpan.Kind.CONTROL_CHARACTER, 0.4,
      HiddenSpan.Kind.HTML_COMMENT, 0.3));

  @Override public String name() { return "hidden-content"; }

  @Override public List<Finding> scan(NormalizedText text) {
    if (text.hidden().isEmpty()) return List.of();
    var findings = new ArrayList<Finding>();
    var counts = new EnumMap<HiddenSpan.Kind, Integer>(HiddenSpan.Kind.class);
    for (HiddenSpan h : text.hidden()) {
      int seen = counts.merge(h.kind(), 1, Integer::sum);
      if (seen > MAX_PER_KIND) continue;
      String id = "hidden." + h.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
      findings.add(new Finding(name(), Category.HIDDEN_CONTENT, id, score(h), h.scanStart(), h.scanEnd(), "hidden-content"));
    }
    return findings;
  }

  /* Only strings without hidden content are joined; were one not, its stretches would be reported here. */
  @Override public List<Finding> candidates(NormalizedText joined) { return scan(joined); }

  /* A long zero-width run is an encoding (binary in ZWSP/ZWNJ), not a stray character from copy and paste. */
  private static double score(HiddenSpan h) {
    double base = SCORES.get(h.kind());
    if (h.kind() == HiddenSpan.Kind.ZERO_WIDTH && h.codePoints() >= 8) return 0.9;
    return base;
  }
}
