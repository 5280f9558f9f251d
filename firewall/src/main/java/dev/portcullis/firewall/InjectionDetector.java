package dev.portcullis.firewall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds prompt-injection signals in text handed to a model: instruction-override phrasing, fake
 * role and format markers, text addressed to the model, attempts to take over the user's task or
 * act behind the user's back, jailbreak personas, requests for the hidden prompt and instructions
 * to send data away.
 *
 * <p>Each signal is a weighted rule; the detector reports one finding per rule that matched (the
 * strongest match of that rule) and, when more than one rule matched, a combined finding
 * ({@code injection.combined}) whose score is the noisy-or of the weights: several weak signals in
 * one text add up. A signal found inside hidden content (a comment, tag characters) weighs more,
 * since nothing legitimate hides instructions from the human reader.
 */
public final class InjectionDetector implements Detector, ScansJoinedText {
  /** The rule id of the combined finding. */
  public static final String COMBINED = "injection.combined";
  private static final double HIDDEN_BOOST = 0.3;
  private final RuleScanner scanner;
  private final double[] weights;
  private final boolean[] notInCodeComment;

  /** A detector with the built-in signals. */
  public InjectionDetector() {
    List<InjectionRules.Signal> signals = InjectionRules.builtin();
    scanner = new RuleScanner(signals.stream().map(InjectionRules.Signal::rule).toList());
    weights = signals.stream().mapToDouble(InjectionRules.Signal::weight).toArray();
    notInCodeComment = new boolean[signals.size()];
    for (int i = 0; i < notInCodeComment.length; i++) notInCodeComment[i] = signals.get(i).notInCodeComment();
  }

  @Override public String name() { return "injection"; }

  /* The scanner of the signals, for a firewall that shares one keyword pass among its detectors. */
  RuleScanner scanner() { return scanner; }

  @Override public List<Finding> scan(NormalizedText text) {
    if (!scanner.mayMatch(text)) return List.of();
    var matches = new Strongest(text);
    scanner.scan(text, true, matches);
    Map<String, Finding> strongest = matches.byRule;
    if (strongest == null) return List.of();
    var findings = new ArrayList<>(strongest.values());
    if (findings.size() > 1) {
      double keep = 1.0;
      int start = Integer.MAX_VALUE;
      int end = 0;
      for (Finding f : findings) {
        keep *= 1.0 - f.score();
        start = Math.min(start, f.start());
        end = Math.max(end, f.end());
      }
      findings.add(new Finding(name(), Category.INJECTION, COMBINED, 1.0 - keep, start, end, "injection"));
    }
    return findings;
  }

  /*
   * Every match of every rule, each part's as it would be alone (rules keep to their part): scan()
   * keeps only the strongest match of each rule in a text, which in a joined text could hide a
   * part's match behind another part's.
   */
  @Override public List<Finding> candidates(NormalizedText joined) {
    if (!scanner.mayMatch(joined)) return List.of();
    var found = new ArrayList<Finding>();
    scanner.scan(joined, true, (rule, m, offset) -> found.add(new Finding(name(), Category.INJECTION,
        scanner.rules().get(rule).id(), weights[rule], offset + m.start(), offset + m.end(), "injection")));
    return found;
  }

  /* The strongest match of each rule, in the order the rules first matched; no map until one does. */
  private final class Strongest implements RuleScanner.Matches {
    private final NormalizedText text;
    Map<String, Finding> byRule;

    Strongest(NormalizedText text) { this.text = text; }

    @Override public void match(int rule, com.google.re2j.Matcher m, int offset) {
      int start = offset + m.start();
      if (notInCodeComment[rule] && afterCommentMarker(text.foldedView(), start)) return;
      int end = offset + m.end();
      double w = weights[rule];
      if (insideDecodedHidden(text.hidden(), start, end)) w = Math.min(1.0, w + HIDDEN_BOOST);
      String id = scanner.rules().get(rule).id();
      if (byRule == null) byRule = new LinkedHashMap<>();
      Finding prior = byRule.get(id);
      if (prior == null || prior.score() < w) {
        byRule.put(id, new Finding(name(), Category.INJECTION, id, w, start, end, "injection"));
      }
    }
  }

  /* Whether the nearest non-blank character before a position ends a code comment marker (//, #, *, --, ;). */
  private static boolean afterCommentMarker(CharSequence text, int start) {
    int i = start - 1;
    while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i--;
    return i >= 0 && "/#*-;".indexOf(text.charAt(i)) >= 0;
  }

  private static boolean insideDecodedHidden(List<HiddenSpan> hidden, int start, int end) {
    for (HiddenSpan h : hidden) {
      if (h.scanEnd() > h.scanStart() && start < h.scanEnd() && h.scanStart() < end) return true;
    }
    return false;
  }
}
