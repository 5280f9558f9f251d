package dev.portcullis.firewall;

/** A window onto part of a text without copying it, so rules can run on the neighbourhood of a keyword. */
final class Slice implements CharSequence {
  private final CharSequence text;
  private final int from;
  private final int to;

  Slice(CharSequence text, int from, int to) {
    this.text = text;
    this.from = from;
    this.to = to;
  }

  @Override public int length() { return to - from; }

  @Override public char charAt(int index) { return text.charAt(from + index); }

  @Override public CharSequence subSequence(int start, int end) { return new Slice(text, from + start, from + end); }

  @Override public String toString() { return text.subSequence(from, to).toString(); }

  /** Whether {@code text} holds {@code w} at {@code at}; false where it leaves no room for it. */
  static boolean holds(CharSequence text, String w, int at) {
    if (at < 0 || at + w.length() > text.length()) return false;
    for (int k = 0; k < w.length(); k++) {
      if (text.charAt(at + k) != w.charAt(k)) return false;
    }
    return true;
  }
}
