package dev.portcullis.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds ways to carry data out of a conversation: markdown images and HTML images whose URL carries a
 * payload (a chat client fetches them without a click), links and URLs with encoded data or
 * placeholders to be filled with the user's data, and {@code data:} URIs.
 *
 * <p>URLs are found by a hand-written scanner (no regular expression runs over the whole text); a
 * URL's query, fragment and path segments are examined for long base64 or hex runs with high
 * entropy, heavy percent-encoding, and template placeholders such as {@code {data}} or {@code $SECRET}.
 */
public final class ExfiltrationDetector implements Detector, ScansJoinedText {
  private static final int MAX_URL = 8192;
  private static final int MIN_ENCODED_RUN = 24;

  @Override public String name() { return "exfiltration"; }

  @Override public List<Finding> scan(NormalizedText normalized) {
    // A URL ("://") and a data URI ("data:") both need a colon.
    if (!normalized.mayHold(NormalizedText.COLON)) return List.of();
    String text = normalized.text();
    // The loops over a URL's characters read the array: a string's charAt checks its coding on every call.
    char[] chars = normalized.textChars();
    int length = text.length();
    CharSequence folded = normalized.foldedView();
    List<Finding> findings = new ArrayList<>();
    int from = 0;
    while (true) {
      int sep = text.indexOf("://", from);
      if (sep < 0) break;
      from = sep + 3;
      int start = schemeStart(folded, sep);
      if (start < 0) continue;
      int end = urlEnd(chars, length, sep + 3);
      if (end <= sep + 3) continue;
      from = end;
      url(text, chars, start, sep, end, findings);
    }
    dataUris(text, folded, findings);
    return findings;
  }

  /*
   * A URL and a data URI's payload end at a line break, so none reaches into the next part; looking
   * back for an image's opening bracket or tag, or ahead for ";base64,", may reach a neighbouring
   * part and find more than the part alone gives, never less.
   */
  @Override public List<Finding> candidates(NormalizedText joined) { return scan(joined); }

  /* Only http and https URLs are fetched by clients and tools. */
  private static int schemeStart(CharSequence folded, int sep) {
    if (Slice.holds(folded, "https", sep - 5)) return boundary(folded, sep - 5) ? sep - 5 : -1;
    if (Slice.holds(folded, "http", sep - 4)) return boundary(folded, sep - 4) ? sep - 4 : -1;
    return -1;
  }

  private static boolean boundary(CharSequence s, int at) { return at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1)); }

  /* The first i in [from, to - w.length()] where s holds w, or -1. */
  private static int indexOf(CharSequence s, String w, int from, int to) {
    for (int i = from; i + w.length() <= to; i++) {
      if (Slice.holds(s, w, i)) return i;
    }
    return -1;
  }

  /* The first c in s[from, to), or -1. */
  private static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) return i;
    }
    return -1;
  }

  /*
   * The first "data:" at or after from in the folded text. Searched by its colon in the scan text,
   * where an index search is fast: folding makes a colon of nothing but a colon and keeps offsets.
   */
  private static int dataScheme(String text, CharSequence folded, int from) {
    for (int colon = text.indexOf(':', from + 4); colon >= 0; colon = text.indexOf(':', colon + 1)) {
      if (Slice.holds(folded, "data", colon - 4)) return colon - 4;
    }
    return -1;
  }

  /*
   * What a URL's characters are to the loops that read them, one look-up per ASCII character: where
   * a URL ends (END), a parenthesis (OPEN, CLOSE), what may start a placeholder or a percent escape
   * (MARK: '{', '$', '[', '}', '%'), and what continues a run of encoded data (RUN: base64 and
   * base64url characters other than '/', which separates path segments). A character from 0x7F on
   * ends a URL and is nothing else.
   */
  private static final byte END = 1;
  private static final byte OPEN = 2;
  private static final byte CLOSE = 4;
  private static final byte MARK = 8;
  private static final byte RUN = 16;
  private static final byte[] URL_CHARS = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      byte k = 0;
      if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\' || c == 0x7F) k |= END;
      if (c == '(') k |= OPEN;
      if (c == ')') k |= CLOSE;
      if (c == '{' || c == '$' || c == '[' || c == '}' || c == '%') k |= MARK;
      if (isBase64((char) c) && c != '/') k |= RUN;
      URL_CHARS[c] = k;
    }
  }

  /* Where the URL whose host starts at {@code from} ends, in s[0, length). */
  private static int urlEnd(char[] s, int length, int from) {
    int depth = 0;
    int i = from;
    int limit = Math.min(length, from + MAX_URL);
    byte[] kinds = URL_CHARS;
    while (i < limit) {
      char c = s[i];
      if (c >= 0x7F) break;
      int k = kinds[c];
      if (k != 0) {
        if ((k & END) != 0) break;
        if ((k & OPEN) != 0) depth++;
        if ((k & CLOSE) != 0 && depth-- == 0) break;
      }
      i++;
    }
    while (i > from && ".,;:!?".indexOf(s[i - 1]) >= 0) i--;
    return i;
  }

  /* The URL text[start, end), whose "://" is at sep; chars holds the text's characters. */
  private void url(String text, char[] chars, int start, int sep, int end, List<Finding> findings) {
    Payload payload = payload(chars, sep + 3, end);
    int imageStart = markdownImageStart(chars, start);
    boolean htmlImage = imageStart < 0 && start > 0 && "\"'=".indexOf(chars[start - 1]) >= 0 && htmlImage(text, chars, start);
    boolean link = imageStart < 0 && !htmlImage && start >= 2 && text.startsWith("](", start - 2);
    boolean hasQuery = text.indexOf('?', start, end) >= 0;
    if (imageStart >= 0 || htmlImage) {
      int spanStart = imageStart >= 0 ? imageStart : start;
      int spanEnd = imageStart >= 0 && end < text.length() && text.charAt(end) == ')' ? end + 1 : end;
      if (payload != Payload.NONE) {
        findings.add(finding("exfil.image-payload", 0.9, spanStart, spanEnd));
      } else if (hasQuery) {
        findings.add(finding("exfil.image-query", 0.7, spanStart, spanEnd));
      } else {
        findings.add(finding("exfil.image", 0.3, spanStart, spanEnd));
      }
      return;
    }
    if (payload == Payload.TEMPLATE) {
      findings.add(finding("exfil.url-template", 0.7, start, end));
    } else if (payload == Payload.ENCODED) {
      findings.add(finding(link ? "exfil.link-payload" : "exfil.url-payload", link ? 0.6 : 0.4, start, end));
    }
  }

  private Finding finding(String id, double score, int start, int end) {
    return new Finding(name(), Category.EXFILTRATION, id, score, start, end, "url");
  }

  /* The start of "![alt](" right before the URL, or -1. Looks back a bounded distance only. */
  private static int markdownImageStart(char[] s, int urlStart) {
    int i = urlStart - 1;
    while (i >= 0 && urlStart - i < 8 && (s[i] == ' ' || s[i] == '<')) i--;
    if (i < 1 || s[i] != '(' || s[i - 1] != ']') return -1;
    int open = lastIndexOf(s, '[', i - 1, Math.max(0, i - 1024));
    if (open < 1 || s[open - 1] != '!') return -1;
    return open - 1;
  }

  /* Whether the URL is the src of an <img> tag that opens at most 512 characters before it. */
  private static boolean htmlImage(String s, char[] chars, int urlStart) {
    int tag = lastIndexOf(chars, '<', urlStart, Math.max(0, urlStart - 512));
    if (tag < 0 || s.indexOf('>', tag, urlStart) >= 0) return false;
    return s.regionMatches(true, tag + 1, "img", 0, 3) || s.regionMatches(true, tag + 1, "image", 0, 5);
  }

  /* The last c in [floor, from], or -1; from is at most the text's last offset. */
  private static int lastIndexOf(char[] s, char c, int from, int floor) {
    for (int i = from; i >= floor; i--) {
      if (s[i] == c) return i;
    }
    return -1;
  }

  private enum Payload { NONE, ENCODED, TEMPLATE }

  /* What the URL ending at {@code end} carries after its host (which starts at hostStart): nothing special, encoded data, or placeholders for data. */
  private static Payload payload(char[] s, int hostStart, int end) {
    int pathStart = hostStart;
    while (pathStart < end && s[pathStart] != '/' && s[pathStart] != '?' && s[pathStart] != '#') pathStart++;
    int run = 0;
    int runStart = pathStart;
    int percent = 0;
    Payload result = Payload.NONE;
    byte[] kinds = URL_CHARS;
    for (int i = pathStart; i < end; i++) {
      char c = s[i];
      int k = c < 0x80 ? kinds[c] : 0;
      if ((k & MARK) != 0) {
        if (c != '%') {
          if (templated(s, i, end)) return Payload.TEMPLATE;
        } else if (i + 2 < end && isHex(s[i + 1]) && isHex(s[i + 2])) {
          percent++;
        }
      }
      // Path separators split runs: a long path of ordinary segments is not a payload.
      if ((k & RUN) != 0) {
        if (run == 0) runStart = i;
        run++;
      } else {
        if (run >= MIN_ENCODED_RUN && encoded(s, runStart, i)) result = Payload.ENCODED;
        run = 0;
      }
    }
    if (run >= MIN_ENCODED_RUN && encoded(s, runStart, end)) result = Payload.ENCODED;
    if (percent >= 12) result = Payload.ENCODED;
    return result;
  }

  /* {name}, ${name}, $NAME or [NAME] placeholders: an instruction to put data into the URL. */
  private static boolean templated(char[] s, int i, int end) {
    char c = s[i];
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      int j = i + 1;
      int limit = Math.min(end, i + 42);
      while (j < limit && s[j] != close) j++;
      return j < limit && j > i + 1 && isWord(s, i + 1, j);
    }
    if (c == '$') {
      int j = i + 1;
      if (j < end && s[j] == '{') return templated(s, j, end);
      int k = j;
      while (k < end && (Character.isUpperCase(s[k]) || s[k] == '_')) k++;
      return k - j >= 3;
    }
    return false;
  }

  private static boolean isWord(char[] s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s[i];
      if (!Character.isLetterOrDigit(c) && c != '_' && c != '-' && c != ' ') return false;
    }
    return true;
  }

  /* A long run that looks like base64 (mixed classes, high entropy) or hex (long, high entropy). */
  private static boolean encoded(char[] s, int from, int to) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean hex = true;
    for (int i = from; i < to; i++) {
      char c = s[i];
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
      hex &= isHex(c);
    }
    double h = Entropy.of(java.nio.CharBuffer.wrap(s), from, to);
    if (hex && digit && to - from >= 32) return h >= 3.0;
    return upper && lower && digit && h >= 4.0;
  }

  private static boolean isBase64(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' || c == '_'
        || c == '-';
  }

  private static boolean isHex(char c) { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'; }

  /* data:<type>;base64, URIs: content smuggled inline. */
  private void dataUris(String text, CharSequence folded, List<Finding> findings) {
    int from = 0;
    while (true) {
      int at = dataScheme(text, folded, from);
      if (at < 0) return;
      from = at + 5;
      if (!boundary(folded, at)) continue;
      int b64 = indexOf(folded, ";base64,", at, Math.min(folded.length(), at + 108));
      int slash = indexOf(folded, '/', at, Math.max(at, b64));
      if (b64 < 0 || slash < 0) continue;
      int end = b64 + 8;
      while (end < folded.length() && isBase64(folded.charAt(end))) end++;
      if (end - b64 - 8 < 16) continue;
      findings.add(finding("exfil.data-uri", 0.3, at, end));
      from = end;
    }
  }
}
