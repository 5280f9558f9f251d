package dev.portcullis.firewall;

/** Shannon entropy of text, in bits per character: random keys score high, words and placeholders low. */
final class Entropy {
  private Entropy() {}

  /** The entropy of {@code s[from, to)}. */
  static double of(CharSequence s, int from, int to) {
    int n = to - from;
    if (n <= 0) return 0;
    int[] ascii = new int[128];
    java.util.Map<Character, Integer> other = null;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 128) ascii[c]++;
      else {
        if (other == null) other = new java.util.HashMap<>();
        other.merge(c, 1, Integer::sum);
      }
    }
    double h = 0;
    for (int count : ascii) h += term(count, n);
    if (other != null) {
      for (int count : other.values()) h += term(count, n);
    }
    return h;
  }

  /** The entropy of a whole string. */
  static double of(CharSequence s) { return of(s, 0, s.length()); }

  private static double term(int count, int n) {
    if (count == 0) return 0;
    double p = (double) count / n;
    return -p * (Math.log(p) / Math.log(2));
  }
}
