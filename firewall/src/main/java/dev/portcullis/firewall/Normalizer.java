package dev.portcullis.firewall;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prepares text for scanning: Unicode NFKC, invisible characters removed, hidden content found and
 * decoded so that detectors read what a model would read, and recorded so that it can be stripped
 * from what an agent receives.
 *
 * <p>Handled: Unicode tag characters (U+E0000–E007F, decoded to the ASCII they encode), runs of
 * variation selectors (decoded as the bytes they can smuggle), zero-width and other invisible format
 * characters, bidirectional controls, terminal escape sequences (OSC payloads such as hyperlink
 * targets kept for scanning), HTML comments (content kept for scanning), and other control
 * characters. Emoji sequences that legitimately use a zero-width joiner or tag characters (the
 * subdivision flags) are left alone.
 *
 * <p>The work is one pass over the text; runs of plain text (printable ASCII, and characters beyond
 * it that NFKC keeps) are copied without further checks, and a text with nothing to change is not
 * copied at all.
 */
public final class Normalizer {
  private static final String COMMENT_OPEN = "<!--";
  private static final String COMMENT_CLOSE = "-->";
  private static final int ESC = 0x1B;
  private static final int CSI_C1 = 0x9B;
  /* NFKC stability of single BMP chars, learned lazily: 0 unknown, 1 stable, 2 changes. */
  private static final byte[] STABLE = new byte[0x10000];

  private Normalizer() {}

  /** Normalises a text. */
  public static NormalizedText normalize(String original) { return normalize(original, (Workspace) null); }

  /**
   * Normalises a text within an inspection's workspace ({@code null} for none): the text's characters
   * (and the scan text, if the normaliser changes it) go into the workspace's arrays when they are
   * free, and the text is tied to the workspace until {@link NormalizedText#release()}.
   */
  static NormalizedText normalize(String original, Workspace workspace) {
    int n = original.length();
    char[] lent = workspace == null ? null : workspace.lend(n);
    char[] chars = lent == null ? new char[n] : lent;
    int traits = copyWithTraits(original, chars, 0);
    if (traits >= 0) {
      // Printable ASCII without comments needs nothing: the text maps onto itself, and folds by lower case.
      return NormalizedText.unchanged(original, chars, traits).in(workspace, lent);
    }
    var pass = new Pass(original, chars, workspace);
    NormalizedText t = pass.run();
    // A text the pass changed is in an array of the pass's; one it kept as it was reads the characters it was given.
    if (pass.changed()) {
      if (lent != null) workspace.giveBack(lent);
      return t.in(workspace, pass.lentOut());
    }
    return t.in(workspace, lent);
  }

  /**
   * Normalises a long text with a helper thread: for printable ASCII, the common case, each thread
   * copies and reads one half. Any other text is normalised by this thread alone, as
   * {@link #normalize(String)} does; the result is the same either way.
   */
  static NormalizedText normalize(String original, java.util.concurrent.Executor helper, Workspace workspace) {
    int n = original.length();
    char[] lent = workspace == null ? null : workspace.lend(n);
    char[] chars = lent == null ? new char[n] : lent;
    int middle = n / 2;
    int[] second = new int[1];
    var secondHalf = new Offered(() -> second[0] = plainTraits(original, middle, n, chars));
    Offered.offer(helper, secondHalf);
    int first = plainTraits(original, 0, middle, chars);
    secondHalf.join();
    int traits = first < 0 || second[0] < 0 ? -1 : first | second[0];
    if (traits >= 0 && (traits & LESS_THAN) != 0 && original.contains(COMMENT_OPEN)) traits = -1;
    if (traits >= 0) return NormalizedText.unchanged(original, chars, traits & NormalizedText.ALL_TRAITS).in(workspace, lent);
    // A half stops reading at its first character that is not plain: start over on the whole text.
    if (lent != null) workspace.giveBack(lent);
    var pass = new Pass(original, original.toCharArray(), workspace);
    return pass.run().in(workspace, pass.lentOut());
  }

  /*
   * Copies s[from, to) into chars at the same offsets, and returns the traits and LESS_THAN of that
   * stretch, or -1 at its first character that is not printable ASCII (the array is then of no use).
   */
  private static int plainTraits(String s, int from, int to, char[] chars) {
    s.getChars(from, to, chars, from);
    int traits = 0;
    byte[] classes = ASCII_CLASS;
    for (int i = from; i < to; i++) {
      char c = chars[i];
      if (c >= 0x80) return -1;
      traits |= classes[c];
    }
    return traits < 0 ? -1 : traits;
  }

  /*
   * Copies s into chars at {@code at} and returns its NormalizedText traits when it needs no
   * normalising (printable ASCII, tabs and line breaks allowed, without an HTML comment opener),
   * else -1: what normalize() leaves as it is. One table look-up per character. The array must
   * have room for s at {@code at}; all of s is copied either way.
   */
  static int copyWithTraits(String s, char[] chars, int at) {
    int n = s.length();
    s.getChars(0, n, chars, at);
    int traits = 0;
    byte[] classes = ASCII_CLASS;
    for (int i = at, end = at + n; i < end; i++) {
      char c = chars[i];
      if (c >= 0x80) return -1;
      traits |= classes[c];
    }
    if (traits < 0 || (traits & LESS_THAN) != 0 && s.contains(COMMENT_OPEN)) return -1;
    return traits & NormalizedText.ALL_TRAITS;
  }

  /*
   * The NormalizedText traits of strings copied one after another into chars[from, to), a line break
   * after each, read at once: a loop per string costs more to set up than a short string has
   * characters. Calls {@code notKept} with the offset of every character the normaliser does not
   * leave as it is (anything but printable ASCII, tabs, line breaks and the characters beyond ASCII
   * that go into the scan text as they are; see learn()), and of every HTML comment opener, which
   * cannot span two strings: the string holding one needs normalising. copyWithTraits() decides the
   * same for one string of plain ASCII alone; normalize() keeps that one for single texts, where it
   * is faster (a routine reading every char's table in its place made ASCII prose wait about 14 %
   * longer in an A/B run). The traits returned may include those of strings that need normalising.
   */
  static int keptTraits(char[] chars, int from, int to, java.util.function.IntConsumer notKept) {
    int traits = 0;
    boolean lessThan = false;
    byte[] classes = OUTSIDE_COMMENT;
    for (int i = from; i < to; i++) {
      int k = classes[chars[i]];
      if (k >= 0) {
        traits |= k;
      } else if (k == UNKNOWN) {
        learn(chars[i]);
        i--;
      } else if (k == OPENER) {
        lessThan = true;
      } else {
        notKept.accept(i);
      }
    }
    if (lessThan) {
      for (int i = from, last = to - COMMENT_OPEN.length(); i <= last; i++) {
        if (chars[i] == '<' && chars[i + 1] == '!' && chars[i + 2] == '-' && chars[i + 3] == '-') notKept.accept(i);
      }
    }
    return traits;
  }

  /* Marks a '<', which may open a comment. */
  private static final int LESS_THAN = 0x40;
  /* Marks a '-', which may close one. */
  private static final int DASH = 0x20;
  /* Per ASCII character: its traits, LESS_THAN, or -1 (the sign bit) for a character that is not plain. */
  private static final byte[] ASCII_CLASS = new byte[128];

  /* Characters a run of plain text reads at once (see Pass.plainRun). */
  private static final int BLOCK = 16;
  /* A char from 0x80 on not yet seen: see learn(). */
  private static final byte UNKNOWN = -3;

  /*
   * Learns what a run of plain text makes of a char from 0x80 on, in both run tables (as STABLE is
   * learned, on first sight): its traits when it goes into the scan text as it is on its own, so that
   * a run reads on through it; else -1. A curly quote, a dash or an accented letter then costs what
   * an ASCII letter costs.
   */
  private static void learn(char c) {
    byte k = (byte) classify(c);
    OUTSIDE_COMMENT[c] = k;
    IN_COMMENT[c] = k;
  }

  /*
   * Whether a char from 0x80 on goes into the scan text as it is, on its own: NFKC keeps it, and it
   * is not invisible, a control, a variation selector, a combining mark or half of a surrogate pair
   * (the decision special() and chunk() take for it); its traits if so, else -1.
   */
  private static int classify(char c) {
    if (Character.isSurrogate(c) || isVariationSelector(c) || isInvisible(c) || isControl(c) || isCombining(c) || !stable(c)) return -1;
    return Character.isDigit(c) ? NormalizedText.DIGIT : 0;
  }

  /* A '<' in OUTSIDE_COMMENT: the run goes on unless a comment opens there. */
  private static final byte OPENER = -2;
  /*
   * Per char, for a run of plain text outside a comment and inside one: its traits, or a negative
   * value where the run stops (a character that is not plain, and '-' inside a comment), may stop
   * (OPENER), or has yet to be learned (UNKNOWN, beyond ASCII; see learn()). One look-up per
   * character, whatever it is: only the lines of the characters a text holds are read.
   */
  private static final byte[] OUTSIDE_COMMENT = new byte[0x10000];
  private static final byte[] IN_COMMENT = new byte[0x10000];

  static {
    for (int c = 0; c < 128; c++) {
      byte k = 0;
      if (c >= 0x7F || c < 0x20 && c != '\n' && c != '\t' && c != '\r') k = -1;
      else if (c >= '0' && c <= '9') k = NormalizedText.DIGIT;
      else if (c == '@') k = NormalizedText.AT_SIGN;
      else if (c == ':') k = NormalizedText.COLON;
      else if (c == '<') k = LESS_THAN;
      else if (c == '-') k = DASH;
      ASCII_CLASS[c] = k;
      OUTSIDE_COMMENT[c] = k == LESS_THAN ? OPENER : k < 0 ? -1 : (byte) (k & NormalizedText.ALL_TRAITS);
      IN_COMMENT[c] = k == DASH || k < 0 ? -1 : (byte) (k & NormalizedText.ALL_TRAITS);
    }
    Arrays.fill(OUTSIDE_COMMENT, 0x80, OUTSIDE_COMMENT.length, UNKNOWN);
    Arrays.fill(IN_COMMENT, 0x80, IN_COMMENT.length, UNKNOWN);
  }

  /** Whether a code point is an invisible format character removed during normalisation. */
  static boolean isInvisible(int cp) {
    return isBidiControl(cp)
        || cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160
        || cp == 0x17B4 || cp == 0x17B5 || cp >= 0x180B && cp <= 0x180F
        || cp >= 0x200B && cp <= 0x200D || cp >= 0x2060 && cp <= 0x2064 || cp >= 0x206A && cp <= 0x206F
        || cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0 || cp >= 0x1D173 && cp <= 0x1D17A;
  }

  /** Whether a code point is a bidirectional control (marks, embeddings, overrides, isolates). */
  static boolean isBidiControl(int cp) {
    return cp == 0x200E || cp == 0x200F || cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
  }

  static boolean isTag(int cp) { return cp >= 0xE0000 && cp <= 0xE007F; }

  static boolean isVariationSelector(int cp) {
    return cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF;
  }

  private static boolean isControl(int cp) {
    return cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != 0x0B && cp != 0x0C
        || cp == 0x7F || cp >= 0x80 && cp <= 0x9F && cp != 0x85;
  }

  private static boolean isCombining(int cp) {
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK
        || cp >= 0x1161 && cp <= 0x11FF;
  }

  private static boolean stable(char c) {
    byte s = STABLE[c];
    if (s == 0) {
      s = java.text.Normalizer.isNormalized(String.valueOf(c), java.text.Normalizer.Form.NFKC) ? (byte) 1 : (byte) 2;
      STABLE[c] = s;
    }
    return s == 1;
  }

  /** One normalisation of one text; not reusable. */
  private static final class Pass {
    private final String s;
    private final char[] chars;
    /* Where an array for a changed text is borrowed from, or null. */
    private final Workspace workspace;
    /* The array out is, when it is borrowed from the workspace. */
    private char[] lentOut;
    private final int n;
    /*
     * The scan text as it is written, in out[0, len): the characters given, as long as only copies in
     * place have been written, else an array of the pass's own (then own is set).
     */
    private char[] out;
    private boolean own;
    private int len;
    /* The NormalizedText traits of what has been written. */
    private int traits;
    private final List<HiddenSpan> hidden = new ArrayList<>();
    private int[] segScan = new int[8];
    private int[] segScanLen = new int[8];
    private int[] segOrig = new int[8];
    private int[] segOrigLen = new int[8];
    private boolean[] segCopy = new boolean[8];
    private int segments;
    private boolean inComment;
    private int commentScanStart;
    private int commentOrigStart;

    Pass(String s, char[] chars, Workspace workspace) {
      this.s = s;
      this.chars = chars;
      this.workspace = workspace;
      this.n = s.length();
      this.out = chars;
    }

    /* Whether the scan text differs from the original, and so has an array of the pass's own. */
    boolean changed() { return own; }

    /* The array of a changed text when it is borrowed from the workspace, to be given back when the text is done with; else null. */
    char[] lentOut() { return lentOut; }

    NormalizedText run() {
      int i = 0;
      while (i < n) {
        int plainEnd = plainRun(i);
        if (plainEnd > i) {
          copyPlain(i, plainEnd);
          i = plainEnd;
          continue;
        }
        i = special(i);
      }
      if (inComment) {
        // An unterminated comment hides everything after it; fail closed and treat it all as hidden.
        hidden.add(new HiddenSpan(HiddenSpan.Kind.HTML_COMMENT, commentScanStart, len, commentOrigStart, n, 1));
      }
      // Most texts that are not plain ASCII only have letters or punctuation beyond it, which NFKC keeps:
      // the scan text is then the original and its characters those given, and nothing is copied.
      var t = new NormalizedText(s, own ? new String(out, 0, len) : s, hidden, segScan, segScanLen, segOrig, segOrigLen, segCopy,
          segments, traits & NormalizedText.ALL_TRAITS);
      t.textChars(out);
      return t;
    }

    /*
     * The end of a run starting at i that needs no attention: printable ASCII, and characters beyond
     * it that go into the scan text as they are (see learn()).
     */
    private int plainRun(int i) {
      int j = i;
      char[] a = chars;
      // Stop at anything that is not plain, and at what may open (outside) or close (inside) a comment.
      byte[] classes = inComment ? IN_COMMENT : OUTSIDE_COMMENT;
      int found = 0;
      run:
      while (j < n) {
        // A block at a time while nothing in it stops the run: no branch per character.
        if (j + BLOCK <= n) {
          int block = 0;
          for (int m = j, e = j + BLOCK; m < e; m++) block |= classes[a[m]];
          if (block >= 0) {
            found |= block;
            j += BLOCK;
            continue;
          }
        }
        // Something in the next block may stop the run: read it one by one.
        for (int e = Math.min(n, j + BLOCK); j < e; j++) {
          char c = a[j];
          int k = classes[c];
          if (k >= 0) {
            found |= k;
          } else if (k == UNKNOWN) {
            learn(c);
            j--;
          } else if (k != OPENER || s.startsWith(COMMENT_OPEN, j)) {
            break run;
          }
        }
      }
      traits |= found;
      // A combining mark after the run composes with its last character: leave that one to NFKC.
      if (j > i && j < n && s.charAt(j) >= 0x300 && isCombining(s.codePointAt(j))) j--;
      return j;
    }

    private int special(int i) {
      char c = s.charAt(i);
      if (c == '<' && !inComment && s.startsWith(COMMENT_OPEN, i)) {
        commentScanStart = len;
        commentOrigStart = i;
        inComment = true;
        replace(i, i + COMMENT_OPEN.length(), "\n");
        return i + COMMENT_OPEN.length();
      }
      if (c == '-' && inComment && s.startsWith(COMMENT_CLOSE, i)) {
        replace(i, i + COMMENT_CLOSE.length(), "\n");
        inComment = false;
        hidden.add(new HiddenSpan(HiddenSpan.Kind.HTML_COMMENT, commentScanStart, len, commentOrigStart,
            i + COMMENT_CLOSE.length(), 1));
        return i + COMMENT_CLOSE.length();
      }
      if (c == ESC || c == CSI_C1) return escape(i);
      int cp = s.codePointAt(i);
      if (isTag(cp)) return tags(i);
      if (isVariationSelector(cp)) {
        int end = run(i, Normalizer::isVariationSelector);
        if (countCodePoints(i, end) >= 2) return variationSelectors(i, end);
      }
      if (isInvisible(cp)) return invisibles(i, cp);
      if (isControl(cp)) {
        int end = run(i, Normalizer::isControlChar);
        replace(i, end, "");
        addHidden(HiddenSpan.Kind.CONTROL_CHARACTER, len, len, i, end, end - i);
        return end;
      }
      return chunk(i, cp);
    }

    /* A base character and its combining marks, normalised together. */
    private int chunk(int i, int cp) {
      int j = i + Character.charCount(cp);
      while (j < n) {
        int next = s.codePointAt(j);
        if (!isCombining(next) || isInvisible(next)) break;
        int after = j + Character.charCount(next);
        // A run of variation selectors is not a presentation choice but a payload: leave it to the decoder.
        if (isVariationSelector(next) && after < n && isVariationSelector(s.codePointAt(after))) break;
        j = after;
      }
      if (j == i + 1 && stable(s.charAt(i))) {
        copy(i, j);
        return j;
      }
      String chunk = s.substring(i, j);
      String norm = java.text.Normalizer.normalize(chunk, java.text.Normalizer.Form.NFKC);
      if (norm.equals(chunk)) copy(i, j);
      else replace(i, j, norm);
      return j;
    }

    private int tags(int i) {
      int end = run(i, Normalizer::isTag);
      if (isSubdivisionFlag(i, end)) {
        copy(i, end);
        return end;
      }
      var decoded = new StringBuilder();
      for (int k = i; k < end; k += 2) {
        int t = s.codePointAt(k) - 0xE0000;
        if (t >= 0x20 && t <= 0x7E) decoded.append((char) t);
      }
      int scanStart = len;
      replace(i, end, decoded.isEmpty() ? "" : "\n" + decoded + "\n");
      addHidden(HiddenSpan.Kind.TAG_CHARACTERS, scanStart, len, i, end, (end - i) / 2);
      return end;
    }

    /* A black flag followed by lower-case tag letters and a cancel tag is a regional flag emoji (England, ...). */
    private boolean isSubdivisionFlag(int i, int end) {
      if (i < 2 || s.codePointBefore(i) != 0x1F3F4) return false;
      int count = (end - i) / 2;
      if (count < 3 || count > 8 || s.codePointBefore(end) != 0xE007F) return false;
      for (int k = i; k < end - 2; k += 2) {
        int t = s.codePointAt(k) - 0xE0000;
        if (!(t >= 'a' && t <= 'z' || t >= '0' && t <= '9')) return false;
      }
      return true;
    }

    private int variationSelectors(int i, int end) {
      var bytes = ByteBuffer.allocate(countCodePoints(i, end));
      for (int k = i; k < end; ) {
        int cp = s.codePointAt(k);
        bytes.put((byte) (cp <= 0xFE0F ? cp - 0xFE00 : cp - 0xE0100 + 16));
        k += Character.charCount(cp);
      }
      bytes.flip();
      String decoded;
      try {
        decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(bytes).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        decoded = "";
      }
      int scanStart = len;
      replace(i, end, "\n" + decoded + "\n");
      addHidden(HiddenSpan.Kind.VARIATION_SELECTORS, scanStart, len, i, end, bytes.limit());
      return end;
    }

    private int invisibles(int i, int cp) {
      if (cp == 0x200D && joinsEmoji(i)) {
        copy(i, i + 1);
        return i + 1;
      }
      boolean bidi = isBidiControl(cp);
      int end = i;
      while (end < n) {
        int next = s.codePointAt(end);
        if (!isInvisible(next) || isBidiControl(next) != bidi || next == 0x200D && joinsEmoji(end)) break;
        end += Character.charCount(next);
      }
      replace(i, end, "");
      addHidden(bidi ? HiddenSpan.Kind.BIDI_CONTROL : HiddenSpan.Kind.ZERO_WIDTH, len, len, i, end,
          countCodePoints(i, end));
      return end;
    }

    /* A zero-width joiner between two pictographs (after an optional presentation selector or skin tone). */
    private boolean joinsEmoji(int i) {
      if (i == 0 || i + 1 >= n) return false;
      int before = s.codePointBefore(i);
      int at = i - Character.charCount(before);
      if ((before == 0xFE0F || before >= 0x1F3FB && before <= 0x1F3FF) && at > 0) before = s.codePointBefore(at);
      return Character.isExtendedPictographic(before) && Character.isExtendedPictographic(s.codePointAt(i + 1));
    }

    /* Terminal escape sequences: CSI (ESC [ or 0x9B), string sequences (OSC, DCS, SOS, PM, APC) and two-char escapes. */
    private int escape(int i) {
      int j;
      int payloadStart = -1;
      int payloadEnd = -1;
      char c = s.charAt(i);
      char next = i + 1 < n ? s.charAt(i + 1) : 0;
      if (c == CSI_C1 || next == '[') {
        j = c == CSI_C1 ? i + 1 : i + 2;
        while (j < n && s.charAt(j) >= 0x30 && s.charAt(j) <= 0x3F) j++;
        while (j < n && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2F) j++;
        if (j < n && s.charAt(j) >= 0x40 && s.charAt(j) <= 0x7E) j++;
      } else if (next == ']' || next == 'P' || next == 'X' || next == '^' || next == '_') {
        payloadStart = i + 2;
        j = payloadStart;
        while (j < n && s.charAt(j) != 0x07 && s.charAt(j) != 0x9C && !(s.charAt(j) == ESC && j + 1 < n && s.charAt(j + 1) == '\\')) j++;
        payloadEnd = j;
        if (j < n) j += s.charAt(j) == ESC ? 2 : 1;
      } else if (next >= 0x20 && next <= 0x7E) {
        j = i + 2;
      } else {
        j = i + 1;
      }
      int scanStart = len;
      if (payloadStart >= 0 && payloadEnd > payloadStart) {
        replace(i, payloadStart, "\n");
        copy(payloadStart, payloadEnd);
        replace(payloadEnd, j, "\n");
      } else {
        replace(i, j, "");
      }
      HiddenSpan last = hidden.isEmpty() ? null : hidden.getLast();
      if (last != null && last.kind() == HiddenSpan.Kind.ANSI_ESCAPE && last.originalEnd() == i) {
        // Consecutive escapes (a colour reset followed by a new colour) are one stretch.
        hidden.set(hidden.size() - 1, new HiddenSpan(last.kind(), last.scanStart(), len, last.originalStart(), j,
            last.codePoints() + 1));
      } else {
        addHidden(HiddenSpan.Kind.ANSI_ESCAPE, scanStart, len, i, j, 1);
      }
      return j;
    }

    private void addHidden(HiddenSpan.Kind kind, int scanStart, int scanEnd, int origStart, int origEnd, int count) {
      if (inComment) return; // the comment that contains it is hidden as a whole
      hidden.add(new HiddenSpan(kind, scanStart, scanEnd, origStart, origEnd, count));
    }

    private int run(int i, java.util.function.IntPredicate p) {
      int j = i;
      while (j < n) {
        int cp = s.codePointAt(j);
        if (!p.test(cp)) break;
        j += Character.charCount(cp);
      }
      return j;
    }

    private int countCodePoints(int from, int to) { return Character.codePointCount(s, from, to); }

    /* Copies a run plainRun() found (whose traits it noted). */
    private void copyPlain(int from, int to) {
      int k = segments - 1;
      if (k >= 0 && segCopy[k] && segOrig[k] + segOrigLen[k] == from && segScan[k] + segScanLen[k] == len) {
        segScanLen[k] += to - from;
        segOrigLen[k] += to - from;
      } else {
        addSegment(len, to - from, from, to - from, true);
      }
      if (own || len != from) {
        room(to - from);
        s.getChars(from, to, out, len);
      }
      len += to - from;
    }

    private void copy(int from, int to) {
      int at = len;
      copyPlain(from, to);
      note(at);
    }

    private void replace(int from, int to, String replacement) {
      addSegment(len, replacement.length(), from, to - from, false);
      room(replacement.length());
      replacement.getChars(0, replacement.length(), out, len);
      int at = len;
      len += replacement.length();
      note(at);
    }

    /*
     * Makes room for {@code more} characters in an array of the pass's own: the workspace's second
     * array if it is free (memory still in the caches, already cleared), else a new one. The first
     * is an eighth longer than the text: NFKC lengthens some characters (an ellipsis becomes three
     * dots), and a text as people type it has them throughout, so an array of the text's length
     * would be outgrown and copied near its end. A text that outgrows it even so moves to a longer
     * array of the workspace's, which the next such text then finds.
     */
    private void room(int more) {
      if (!own) {
        // Until now the scan text was the start of the characters given, in place.
        int size = Math.max(n + (n >> 3) + 16, len + more);
        char[] o = workspace == null ? null : workspace.lend(size);
        lentOut = o;
        if (o == null) o = new char[size];
        System.arraycopy(out, 0, o, 0, len);
        out = o;
        own = true;
      }
      if (len + more > out.length) {
        int size = Math.max(out.length * 2, len + more);
        char[] bigger = null;
        if (lentOut != null) {
          // The array given back is not written again: the workspace lends a longer one in its place.
          workspace.giveBack(lentOut);
          bigger = workspace.lend(size);
        }
        lentOut = bigger;
        if (bigger == null) bigger = new char[size];
        System.arraycopy(out, 0, bigger, 0, len);
        out = bigger;
      }
    }

    /* Notes the traits of what was written from {@code at}: a digit of any script counts as a digit, as does any character outside the BMP. */
    private void note(int at) {
      int found = 0;
      for (int k = at; k < len; k++) {
        char c = out[k];
        if (c < 0x80) found |= ASCII_CLASS[c] & NormalizedText.ALL_TRAITS;
        else if (Character.isDigit(c) || Character.isSurrogate(c)) found |= NormalizedText.DIGIT;
      }
      traits |= found;
    }

    private void addSegment(int scanStart, int scanLen, int origStart, int origLen, boolean copy) {
      if (segments == segScan.length) {
        int size = segments * 2;
        segScan = Arrays.copyOf(segScan, size);
        segScanLen = Arrays.copyOf(segScanLen, size);
        segOrig = Arrays.copyOf(segOrig, size);
        segOrigLen = Arrays.copyOf(segOrigLen, size);
        segCopy = Arrays.copyOf(segCopy, size);
      }
      segScan[segments] = scanStart;
      segScanLen[segments] = scanLen;
      segOrig[segments] = origStart;
      segOrigLen[segments] = origLen;
      segCopy[segments] = copy;
      segments++;
    }
  }

  private static boolean isControlChar(int cp) { return isControl(cp) && cp != ESC && cp != CSI_C1; }
}
