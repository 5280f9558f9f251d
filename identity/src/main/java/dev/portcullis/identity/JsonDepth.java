package dev.portcullis.identity;

/**
 * Measures how deeply a JSON text nests, without parsing it, so that input nesting deep enough to
 * exhaust a recursive parser's stack is refused before it reaches one. Every reader of tokens and
 * documents from outside (our own tokens, proofs, users' tokens, discovery documents, transaction
 * tokens) measures with this one method.
 */
public final class JsonDepth {
  private JsonDepth() {}

  /** The deepest nesting of objects and arrays in {@code json}, ignoring brackets inside strings. */
  public static int of(String json) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return deepest;
  }
}
