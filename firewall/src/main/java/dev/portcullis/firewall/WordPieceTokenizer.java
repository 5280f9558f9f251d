package dev.portcullis.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's tokenizer: basic tokenisation (clean up, split on whitespace and punctuation, CJK characters
 * on their own, optionally lower case without accents) followed by WordPiece (greedy longest match,
 * continuation pieces prefixed with {@code ##}). Reads a {@code vocab.txt} (one token a line, the line
 * number is the id) or a HuggingFace {@code tokenizer.json} whose model is WordPiece.
 */
final class WordPieceTokenizer {
  private final Map<String, Integer> vocab;
  private final boolean lowercase;
  private final String prefix;
  private final int maxWordChars;
  private final int unk;
  private final int cls;
  private final int sep;
  private final int pad;

  private WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase, String prefix, int maxWordChars, String unkToken)
      throws IOException {
    this.vocab = Map.copyOf(vocab);
    this.lowercase = lowercase;
    this.prefix = prefix;
    this.maxWordChars = maxWordChars;
    this.unk = required(unkToken);
    this.cls = required("[CLS]");
    this.sep = required("[SEP]");
    this.pad = vocab.getOrDefault("[PAD]", 0);
  }

  private int required(String token) throws IOException {
    Integer id = vocab.get(token);
    if (id == null) throw new IOException("the tokenizer's vocabulary has no " + token + " token");
    return id;
  }

  /** Loads a tokenizer, telling the format by the file's content (a JSON object, or one token a line). */
  static WordPieceTokenizer load(Path file, boolean lowercase) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("tokenizer file " + file.getFileName() + " does not exist");
    String text = Files.readString(file);
    return text.stripLeading().startsWith("{") ? fromJson(text, file.getFileName().toString()) : fromVocab(text, lowercase);
  }

  static WordPieceTokenizer fromVocab(String text, boolean lowercase) throws IOException {
    var vocab = new HashMap<String, Integer>();
    String[] lines = text.split("\r?\n", -1);
    int n = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
    for (int i = 0; i < n; i++) vocab.putIfAbsent(lines[i], i);
    return new WordPieceTokenizer(vocab, lowercase, "##", 100, "[UNK]");
  }

  static WordPieceTokenizer fromJson(String text, String name) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(name + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode model = root.path("model");
    String type = model.path("type").asText("WordPiece");
    if (!type.equals("WordPiece")) {
      throw new IOException(name + " has a " + type + " model; only WordPiece tokenizers (BERT and its relatives) are supported");
    }
    JsonNode v = model.path("vocab");
    if (!v.isObject() || v.isEmpty()) throw new IOException(name + " has no WordPiece vocabulary (model.vocab)");
    var vocab = new HashMap<String, Integer>();
    v.fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    return new WordPieceTokenizer(vocab, lowercases(root.path("normalizer")), model.path("continuing_subword_prefix").asText("##"),
        model.path("max_input_chars_per_word").asInt(100), model.path("unk_token").asText("[UNK]"));
  }

  /* BertNormalizer lowercases unless told not to; a Sequence lowercases when it contains Lowercase. */
  private static boolean lowercases(JsonNode normalizer) {
    if (normalizer.isMissingNode() || normalizer.isNull()) return false;
    String type = normalizer.path("type").asText("");
    if (type.equals("BertNormalizer")) return normalizer.path("lowercase").asBoolean(true);
    if (type.equals("Lowercase")) return true;
    if (type.equals("Sequence")) {
      for (JsonNode n : normalizer.path("normalizers")) {
        if (lowercases(n)) return true;
      }
    }
    return false;
  }

  int cls() { return cls; }

  int sep() { return sep; }

  int pad() { return pad; }

  /** The WordPiece ids of a text, without special tokens, at most {@code limit} of them. */
  List<Integer> encode(String text, int limit) {
    var ids = new ArrayList<Integer>();
    for (String word : basicTokens(text)) {
      if (ids.size() >= limit) break;
      wordPiece(word, ids);
    }
    return ids.size() > limit ? ids.subList(0, limit) : ids;
  }

  private List<String> basicTokens(String text) {
    var words = new ArrayList<String>();
    var current = new StringBuilder();
    String t = lowercase ? stripAccents(text.toLowerCase(Locale.ROOT)) : text;
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || Character.isISOControl(cp) && !Character.isWhitespace(cp)) continue;
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        flush(current, words);
      } else if (isPunctuation(cp) || isCjk(cp)) {
        flush(current, words);
        words.add(new String(Character.toChars(cp)));
      } else {
        current.appendCodePoint(cp);
      }
    }
    flush(current, words);
    return words;
  }

  private static void flush(StringBuilder current, List<String> words) {
    if (!current.isEmpty()) {
      words.add(current.toString());
      current.setLength(0);
    }
  }

  private void wordPiece(String word, List<Integer> ids) {
    if (word.codePointCount(0, word.length()) > maxWordChars) {
      ids.add(unk);
      return;
    }
    var pieces = new ArrayList<Integer>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (end > start) {
        String piece = (start > 0 ? prefix : "") + word.substring(start, end);
        found = vocab.get(piece);
        if (found != null) break;
        end = Character.isLowSurrogate(word.charAt(end - 1)) && end - 2 > start ? end - 2 : end - 1;
      }
      if (found == null) {
        ids.add(unk);
        return;
      }
      pieces.add(found);
      start = end;
    }
    ids.addAll(pieces);
  }

  private static String stripAccents(String s) {
    String d = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD);
    var sb = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) != Character.NON_SPACING_MARK) sb.append(c);
    }
    return sb.toString();
  }

  private static boolean isPunctuation(int cp) {
    if (cp >= 33 && cp <= 47 || cp >= 58 && cp <= 64 || cp >= 91 && cp <= 96 || cp >= 123 && cp <= 126) return true;
    int t = Character.getType(cp);
    return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION;
  }

  private static boolean isCjk(int cp) {
    return cp >= 0x4E00 && cp <= 0x9FFF || cp >= 0x3400 && cp <= 0x4DBF || cp >= 0x20000 && cp <= 0x2A6DF
        || cp >= 0x2A700 && cp <= 0x2CEAF || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0x2F800 && cp <= 0x2FA1F;
  }
}
