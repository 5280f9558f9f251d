package dev.portcullis.firewall;

import java.util.Arrays;
import java.util.List;

/**
 * A text prepared for scanning, together with the original it came from.
 *
 * <p>The scan text is the original after Unicode NFKC, with invisible characters removed and hidden
 * content (tag characters, comment bodies, terminal hyperlink targets) decoded in place, so that
 * detectors read what a model would read. Offsets in findings refer to the scan text; this class maps
 * them back to the original so that redaction and stripping act on the original text and leave
 * everything else byte for byte as it was.
 */
public final class NormalizedText {
  private final String original;
  private final String text;
  private final List<HiddenSpan> hidden;
  /*
   * Segments map scan ranges to original ranges, in order. A copied segment maps character for
   * character; a changed one (an NFKC chunk, decoded hidden text, a removed invisible) maps only as a
   * whole, so an offset inside it widens to the whole original range.
   */
  private final int[] segScan;
  private final int[] segScanLen;
  private final int[] segOrig;
  private final int[] segOrigLen;
  private final boolean[] segCopy;
  private final int segments;
  /*
   * The scan text is the original, character for character: offsets map onto themselves. A text of
   * plain ASCII is left so (see unchanged()), and a joined text of strings the normaliser leaves as
   * they are (see joined()).
   */
  private final boolean identity;
  private final int traits;
  /*
   * Worked out on first use. Two threads may read one text at once (a long text's detectors run in
   * parallel), so these are read with acquire and written with release semantics (see the handles
   * below): each thread sees either nothing or a complete value, and at worst both work out the same
   * value. A volatile field would do the same at the price of a fence on every write, and a result
   * of a thousand short strings writes several per string.
   */
  private String folded;
  private char[] foldedChars;
  private char[] textChars;
  private CharSequence foldedView;
  private KeywordPass.Occurrences keywordOccurrences;
  private static final java.lang.invoke.VarHandle FOLDED;
  private static final java.lang.invoke.VarHandle FOLDED_CHARS;
  private static final java.lang.invoke.VarHandle TEXT_CHARS;
  private static final java.lang.invoke.VarHandle FOLDED_VIEW;
  private static final java.lang.invoke.VarHandle KEYWORD_OCCURRENCES;

  static {
    var lookup = java.lang.invoke.MethodHandles.lookup();
    try {
      FOLDED = lookup.findVarHandle(NormalizedText.class, "folded", String.class);
      FOLDED_CHARS = lookup.findVarHandle(NormalizedText.class, "foldedChars", char[].class);
      TEXT_CHARS = lookup.findVarHandle(NormalizedText.class, "textChars", char[].class);
      FOLDED_VIEW = lookup.findVarHandle(NormalizedText.class, "foldedView", CharSequence.class);
      KEYWORD_OCCURRENCES = lookup.findVarHandle(NormalizedText.class, "keywordOccurrences", KeywordPass.Occurrences.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  /*
   * The workspace of the inspection this text belongs to (null outside one), and the text's character
   * array when it is lent from it (else null): it may then be longer than the text, and is given back
   * by release().
   */
  private Workspace workspace;
  private char[] borrowed;
  /* For a text that joins many strings: where each lies in it; null for a text that is one string. */
  private TextParts parts;

  NormalizedText(String original, String text, List<HiddenSpan> hidden, int[] segScan, int[] segScanLen,
                 int[] segOrig, int[] segOrigLen, boolean[] segCopy, int segments, int traits) {
    this.traits = traits;
    this.original = original;
    this.text = text;
    this.hidden = List.copyOf(hidden);
    this.segScan = segScan;
    this.segScanLen = segScanLen;
    this.segOrig = segOrig;
    this.segOrigLen = segOrigLen;
    this.segCopy = segCopy;
    this.segments = segments;
    this.identity = false;
  }

  /* A text the normaliser left as it was (its scan text is the original), with the traits it has. */
  private NormalizedText(String original, int traits) {
    this.traits = traits;
    this.original = original;
    this.text = original;
    this.hidden = List.of();
    this.segScan = null;
    this.segScanLen = null;
    this.segOrig = null;
    this.segOrigLen = null;
    this.segCopy = null;
    this.segments = 0;
    this.identity = true;
  }

  /*
   * A text of printable ASCII that needs no normalising, given with its characters in an array at
   * least as long as the text (not modified afterwards while the text is in use). Its folded form is
   * read through foldedView() and made only if asked for as a whole.
   */
  static NormalizedText unchanged(String original, char[] chars, int traits) {
    var t = new NormalizedText(original, traits);
    t.textChars(chars);
    return t;
  }

  /*
   * A text that joins many strings, each of which the normaliser leaves as it is (printable ASCII
   * and characters NFKC keeps), with a line break between each two: {@code parts} says where each lies. Rule scanners keep their
   * windows inside one part, so that a rule reads each string as if it were scanned alone.
   */
  static NormalizedText joined(String text, char[] chars, int traits, TextParts parts) {
    var t = unchanged(text, chars, traits);
    t.parts = parts;
    return t;
  }

  /* Where the strings of a joined text lie, or null for a text that is one string. */
  TextParts parts() { return parts; }

  /*
   * Ties the text to the workspace of its inspection, whose working state its scanners then use;
   * {@code borrowed} is its character array when that is lent from the workspace (to be given back by
   * release()), else null.
   */
  NormalizedText in(Workspace workspace, char[] borrowed) {
    this.workspace = workspace;
    this.borrowed = borrowed;
    return this;
  }

  /* The workspace of the inspection this text belongs to, or null. */
  Workspace workspace() { return workspace; }

  /* Ends the text's use: an array lent from a workspace goes back to it. The text must not be read afterwards. */
  void release() {
    if (borrowed != null) {
      workspace.giveBack(borrowed);
      borrowed = null;
    }
  }

  /** Trait: the scan text may hold a digit (of any script). */
  static final int DIGIT = 1;
  /** Trait: the scan text may hold an '@'. */
  static final int AT_SIGN = 2;
  /** Trait: the scan text may hold a ':'. */
  static final int COLON = 4;
  static final int ALL_TRAITS = DIGIT | AT_SIGN | COLON;

  /*
   * Whether the scan text may hold a character of the trait, as the normaliser noted while it read the
   * text (a text built otherwise is assumed to hold all). Detectors use it to skip work that cannot find anything.
   */
  boolean mayHold(int trait) { return (traits & trait) != 0; }

  /** The text as it was given. */
  public String original() { return original; }

  /** The text detectors scan: NFKC, invisibles removed, hidden content decoded in place. */
  public String text() { return text; }

  /**
   * The scan text folded for case-insensitive matching: lower case, common look-alike letters from
   * other scripts mapped to Latin, typographic quotes and dashes to ASCII. Same length as {@link #text()},
   * so offsets are shared.
   */
  public String folded() {
    String f = (String) FOLDED.getAcquire(this);
    if (f == null) {
      f = new String(foldedChars(), 0, text.length());
      FOLDED.setRelease(this, f);
    }
    return f;
  }

  /* The folded text as an array of the text's length (shared, never modified). */
  char[] foldedChars() {
    char[] f = (char[]) FOLDED_CHARS.getAcquire(this);
    if (f == null) {
      char[] t = (char[]) TEXT_CHARS.getAcquire(this);
      f = t != null ? Folding.foldInPlace(Arrays.copyOf(t, text.length())) : Folding.foldToArray(text);
      FOLDED_CHARS.setRelease(this, f);
    }
    return f;
  }

  /*
   * The characters the shared keyword pass reads: the scan text itself, which the keyword index reads
   * as folded (see KeywordIndex), so that no folded copy is made. It may be longer than the text.
   */
  char[] keywordChars() { return textChars(); }

  /*
   * The folded text as a sequence of characters, for detectors that read parts of it: a view that
   * folds each character as it is read, so that no folded copy of a long text is made.
   */
  CharSequence foldedView() {
    CharSequence v = (CharSequence) FOLDED_VIEW.getAcquire(this);
    if (v == null) {
      v = new FoldedView(textChars(), text.length());
      FOLDED_VIEW.setRelease(this, v);
    }
    return v;
  }

  /* A text read as folding makes it, without a copy. */
  private record FoldedView(char[] source, int length) implements CharSequence {
    @Override public char charAt(int index) {
      if (index >= length) throw new IndexOutOfBoundsException(index);
      return Folding.fold(source[index]);
    }

    @Override public CharSequence subSequence(int start, int end) {
      java.util.Objects.checkFromToIndex(start, end, length);
      return toString(start, end);
    }

    @Override public String toString() { return toString(0, length); }

    private String toString(int start, int end) {
      char[] out = Arrays.copyOfRange(source, start, end);
      for (int i = 0; i < out.length; i++) out[i] = Folding.fold(out[i]);
      return new String(out);
    }
  }

  /* The scan text as an array (shared, never modified); it may be longer than the text: read text().length() of it. */
  char[] textChars() {
    char[] t = (char[]) TEXT_CHARS.getAcquire(this);
    if (t == null) {
      t = text.toCharArray();
      TEXT_CHARS.setRelease(this, t);
    }
    return t;
  }

  /* The keyword occurrences a shared pass found in this text, if it ran. */
  KeywordPass.Occurrences keywordOccurrences() { return (KeywordPass.Occurrences) KEYWORD_OCCURRENCES.getAcquire(this); }

  void keywordOccurrences(KeywordPass.Occurrences o) { KEYWORD_OCCURRENCES.setRelease(this, o); }

  /* Gives the scan text as an array when the normaliser already has one (never modified afterwards). */
  void textChars(char[] chars) {
    if (chars.length < text.length()) throw new IllegalArgumentException("not the scan text");
    TEXT_CHARS.setRelease(this, chars);
  }

  /** The hidden stretches found, in order. */
  public List<HiddenSpan> hidden() { return hidden; }

  /** The original with every hidden stretch removed: what an agent should see when nothing else applies. */
  public String sanitized() {
    if (hidden.isEmpty()) return original;
    var sb = new StringBuilder(original.length());
    int at = 0;
    for (HiddenSpan h : hidden) {
      if (h.originalStart() > at) sb.append(original, at, h.originalStart());
      at = Math.max(at, h.originalEnd());
    }
    sb.append(original, at, original.length());
    return sb.toString();
  }

  /** The original offset where a span starting at {@code scanOffset} starts (widened to whole changed chunks). */
  public int originalStart(int scanOffset) {
    if (scanOffset <= 0) return 0;
    if (scanOffset >= text.length()) return original.length();
    if (identity) return scanOffset;
    int k = segmentAt(scanOffset);
    return segCopy[k] ? segOrig[k] + (scanOffset - segScan[k]) : segOrig[k];
  }

  /** The original offset where a span ending (exclusively) at {@code scanOffset} ends (widened to whole changed chunks). */
  public int originalEnd(int scanOffset) {
    if (scanOffset <= 0) return 0;
    if (scanOffset >= text.length()) return original.length();
    if (identity) return scanOffset;
    int k = segmentAt(scanOffset - 1);
    return segCopy[k] ? segOrig[k] + (scanOffset - segScan[k]) : segOrig[k] + segOrigLen[k];
  }

  /* The last segment with a non-empty scan range that contains the offset. */
  private int segmentAt(int scanOffset) {
    int k = Arrays.binarySearch(segScan, 0, segments, scanOffset);
    if (k < 0) k = -k - 2;
    while (k < segments - 1 && segScan[k + 1] == scanOffset) k++;
    while (k > 0 && segScanLen[k] == 0) k--;
    return Math.max(k, 0);
  }
}
