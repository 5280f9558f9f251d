package dev.portcullis.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Inspects one string: normalises it, runs the detectors, decides an action per finding and rewrites
 * the original (hidden content stripped, redactions replaced). One instance serves one direction.
 */
final class TextInspector {
  /*
   * Shorter printable ASCII cannot hold anything a detector reports: the shortest are an email address
   * (a@b.cd) and a phone number's seven digits; hidden content is never printable ASCII.
   */
  private static final int MIN_LENGTH = 6;
  private final Detector[] detectors;
  private final Set<Category> categories;
  private final InjectionClassifier classifier;
  private final ClassifierSettings classifierSettings;
  private final Function<Finding, Action> decide;
  private final boolean stripHidden;
  private final UnaryOperator<Finding> recast;

  TextInspector(List<Detector> detectors, Set<Category> categories, InjectionClassifier classifier,
                ClassifierSettings classifierSettings, Function<Finding, Action> decide, boolean stripHidden,
                UnaryOperator<Finding> recast) {
    this.detectors = detectors.toArray(Detector[]::new);
    this.categories = Set.copyOf(categories);
    this.classifier = classifier;
    this.classifierSettings = classifierSettings;
    this.decide = decide;
    this.stripHidden = stripHidden;
    this.recast = recast;
  }

  /**
   * Inspects a string found at {@code where}, adds its hits to {@code hits}, and returns the string to
   * pass on. The path is built only when there is a hit to report at it.
   */
  String inspect(JsonLocation where, String text, List<Inspection.Hit> hits) {
    if (text.length() < MIN_LENGTH && printableAscii(text)) return text;
    NormalizedText normalized = Normalizer.normalize(text);
    List<Finding> findings = List.of();
    for (Detector d : detectors) {
      List<Finding> found = d.scan(normalized);
      // Indexed, not iterated: this runs for every string of a result, and most find nothing.
      for (int i = 0, n = found.size(); i < n; i++) {
        Finding f = found.get(i);
        if (!categories.contains(f.category())) continue;
        if (findings.isEmpty()) findings = new ArrayList<>();
        findings.add(recast.apply(f));
      }
    }
    if (classifier != null && normalized.text().length() >= classifierSettings.minChars()) {
      double p = classifier.probability(normalized.text());
      if (p >= classifierSettings.threshold()) {
        if (findings.isEmpty()) findings = new ArrayList<>();
        findings.add(recast.apply(new Finding("classifier", Category.INJECTION, "injection.classifier", p, 0,
            normalized.text().length(), "injection")));
      }
    }
    if (findings.isEmpty() && (normalized.hidden().isEmpty() || !stripHidden)) return text;
    var rewriter = new Rewriter();
    boolean strip = stripHidden;
    String path = findings.isEmpty() ? null : where.path().toString();
    for (Finding f : findings) {
      Action action = decide.apply(f);
      hits.add(new Inspection.Hit(path, f, action));
      if (action != Action.REDACT) continue;
      if (f.category() == Category.HIDDEN_CONTENT) {
        // Redacting hidden content means removing it, with nothing in its place.
        strip = true;
        continue;
      }
      int start = normalized.originalStart(f.start());
      int end = normalized.originalEnd(f.end());
      rewriter.replace(start, end, "[redacted:" + f.typeLabel() + "]");
    }
    if (strip) {
      for (HiddenSpan h : normalized.hidden()) rewriter.remove(h.originalStart(), h.originalEnd());
    }
    if (rewriter.isEmpty()) return text;
    String out = rewriter.apply(text);
    return out.equals(text) ? text : out;
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7F) return false;
    }
    return true;
  }
}
