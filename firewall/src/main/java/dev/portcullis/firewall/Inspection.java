package dev.portcullis.firewall;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The result of inspecting content: what was found where, the strongest action called for, and the
 * content to pass on instead of the original (hidden content stripped, redactions replaced by typed
 * placeholders such as {@code [redacted:email]}).
 *
 * @param hits     every finding, with the JSON path of the string it was in and the action it calls for
 * @param action   the strongest action of all hits ({@link Action#ALLOW} when there are none)
 * @param content  the content to pass on; the very same object as the input when nothing changed
 * @param modified whether {@code content} differs from the input
 */
public record Inspection(List<Hit> hits, Action action, Object content, boolean modified) {
  /**
   * One finding at one place.
   *
   * @param path    the JSON path of the string ({@code $.content[0].text}); an object key's path is its object's path and {@code #key[i]}, its position
   * @param finding the finding; its offsets refer to that string's normalised text
   * @param action  what the settings call for
   */
  public record Hit(String path, Finding finding, Action action) {
    public Hit {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(finding, "finding");
      Objects.requireNonNull(action, "action");
    }
  }

  public Inspection {
    hits = List.copyOf(hits);
    Objects.requireNonNull(action, "action");
  }

  /** The content labels for the session: the label of each category with a hit acted on (annotate or stronger). */
  public Set<String> labels() {
    var labels = new TreeSet<String>();
    for (Hit h : hits) {
      if (h.action().atLeast(Action.ANNOTATE)) labels.add(h.finding().category().label());
    }
    return labels;
  }

  /** The categories with a hit acted on. */
  public Set<Category> categories() {
    var categories = EnumSet.noneOf(Category.class);
    for (Hit h : hits) {
      if (h.action().atLeast(Action.ANNOTATE)) categories.add(h.finding().category());
    }
    return categories;
  }

  /** Whether an injection finding reached its threshold. */
  public boolean injectionSuspected() {
    return hits.stream().anyMatch(h -> h.finding().category() == Category.INJECTION && h.action() != Action.ALLOW);
  }

  /** The highest injection score of any hit, 0 when none. */
  public double injectionScore() {
    return hits.stream().filter(h -> h.finding().category() == Category.INJECTION)
        .mapToDouble(h -> h.finding().score()).max().orElse(0);
  }

  /** The ids of the rules with hits acted on, sorted, for audit notes and explanations. */
  public Set<String> ruleIds() {
    var ids = new TreeSet<String>();
    for (Hit h : hits) {
      if (h.action().atLeast(Action.ANNOTATE)) ids.add(h.finding().ruleId());
    }
    return ids;
  }
}
