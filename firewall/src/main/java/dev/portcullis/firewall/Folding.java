package dev.portcullis.firewall;

/**
 * Case and look-alike folding that keeps every character in place (one char in, one char out), so
 * offsets found in folded text are offsets in the scan text.
 */
final class Folding {
  private static final char[] TABLE = new char[0x10000];

  static {
    for (int c = 0; c < TABLE.length; c++) {
      TABLE[c] = Character.isSurrogate((char) c) ? (char) c : Character.toLowerCase((char) c);
    }
    // Letters from Cyrillic and Greek that render like Latin ones, used to dodge keyword filters.
    map("аa еe оo рp сc уy хx іi јj ѕs ԁd ԛq ԝw ӏl һh ɡg ɑa ℓl");
    map("αa οo ιi κk νv ρp υu χx ϲc ϳj");
    // Typographic punctuation that NFKC leaves alone.
    map("\u2018' \u2019' \u201A' \u201B' \u2032' \u201C\" \u201D\" \u201E\" \u2033\" \u2010- \u2011- \u2012- \u2013- \u2014- \u2015- \u2212-");
  }

  private Folding() {}

  private static void map(String pairs) {
    for (String p : pairs.split(" ")) {
      char from = p.charAt(0);
      char to = p.charAt(1);
      TABLE[from] = to;
      TABLE[Character.toUpperCase(from)] = to;
    }
  }

  /** Folds one character. */
  static char fold(char c) { return TABLE[c]; }

  /** Folds a text into a new array of the same length. */
  static char[] foldToArray(String text) { return foldInPlace(text.toCharArray()); }

  /** Folds the characters of an array in place and returns it. */
  static char[] foldInPlace(char[] out) {
    char[] table = TABLE;
    for (int i = 0; i < out.length; i++) out[i] = table[out[i]];
    return out;
  }

}
