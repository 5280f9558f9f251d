package dev.portcullis.firewall;

import java.util.Objects;

/**
 * A stretch of text a human reader would not see, found while normalising. Offsets are given both in
 * the scan text (where decoded hidden text, if any, was placed so detectors read it) and in the
 * original text (what is removed when hidden content is stripped).
 *
 * @param kind          what hid it
 * @param scanStart     start in the scan text (inclusive)
 * @param scanEnd       end in the scan text (exclusive); equal to scanStart when nothing was decoded
 * @param originalStart start in the original text (inclusive)
 * @param originalEnd   end in the original text (exclusive)
 * @param codePoints    how many hidden code points (or escape sequences) the stretch holds
 */
public record HiddenSpan(Kind kind, int scanStart, int scanEnd, int originalStart, int originalEnd, int codePoints) {
  public HiddenSpan {
    Objects.requireNonNull(kind, "kind");
  }

  /** What made content invisible. */
  public enum Kind {
    /** Unicode tag characters (U+E0000–E007F): invisible ASCII, decoded into the scan text. */
    TAG_CHARACTERS,
    /** A run of variation selectors, which can smuggle bytes; decoded into the scan text. */
    VARIATION_SELECTORS,
    /** Zero-width and other invisible format characters (U+200B, U+2060, U+FEFF, ...). */
    ZERO_WIDTH,
    /** Bidirectional controls that reorder what is displayed (U+202A–U+202E, U+2066–U+2069). */
    BIDI_CONTROL,
    /** Terminal escape sequences; OSC payloads (such as hyperlink targets) are kept in the scan text. */
    ANSI_ESCAPE,
    /** An HTML comment; its content is kept in the scan text. */
    HTML_COMMENT,
    /** Other control characters (backspace, NUL, C1 controls) that can hide or overwrite text. */
    CONTROL_CHARACTER
  }
}
