package dev.portcullis.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What an operator declared about a tool, beyond what its upstream describes: whether calling it
 * has consequences in the world (send, pay, delete, share, external POST), whether what it returns
 * comes from a trusted source, how confidential its results are, and which confidentiality classes
 * its arguments may carry. Policy and the information-flow tracking read these; an upstream cannot
 * change them.
 *
 * @param consequential   the call acts on the world; its arguments should be of trusted origin
 * @param source          {@code trusted} or {@code untrusted}: where the tool's results come from
 * @param confidentiality the class of its results: {@code public}, {@code internal}, {@code personal} or {@code secret}
 * @param receives        the confidentiality classes data in its arguments may have
 */
public record ToolLabels(boolean consequential, String source, String confidentiality, Set<String> receives) {
  /** The confidentiality classes, least to most confidential. */
  public static final java.util.List<String> CLASSES = java.util.List.of("public", "internal", "personal", "secret");
  /** A tool nobody labelled: not consequential, untrusted results of internal class, receives up to internal. */
  public static final ToolLabels UNLABELLED = new ToolLabels(false, "untrusted", "internal", Set.of("public", "internal"));
  /** The key under which the resolve-tool step leaves the labels of the called tool. */
  public static final Exchange.Key<ToolLabels> KEY = Exchange.Key.of("tool-labels", ToolLabels.class);

  public ToolLabels {
    source = Objects.requireNonNull(source, "source").toLowerCase(Locale.ROOT);
    if (!source.equals("trusted") && !source.equals("untrusted")) {
      throw new IllegalArgumentException("source must be trusted or untrusted, not '" + source + "'");
    }
    confidentiality = Objects.requireNonNull(confidentiality, "confidentiality").toLowerCase(Locale.ROOT);
    if (!CLASSES.contains(confidentiality)) {
      throw new IllegalArgumentException("confidentiality must be one of " + CLASSES + ", not '" + confidentiality + "'");
    }
    receives = Set.copyOf(receives);
    for (String c : receives) {
      if (!CLASSES.contains(c)) throw new IllegalArgumentException("receives: '" + c + "' is not one of " + CLASSES);
    }
  }

  /** Whether results of this tool are of trusted origin. */
  public boolean trusted() { return source.equals("trusted"); }
}
