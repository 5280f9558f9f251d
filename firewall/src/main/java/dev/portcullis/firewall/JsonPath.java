package dev.portcullis.firewall;

/**
 * A JSON path built only when something is reported at it: walking a large result creates one small
 * object per level instead of one string per value.
 */
final class JsonPath implements JsonLocation {

  static final JsonPath ROOT = new JsonPath(null, null, -1, false);
  private final JsonPath parent;
  private final String key;
  private final int index;
  private final boolean ofKey;

  private JsonPath(JsonPath parent, String key, int index, boolean ofKey) {
    this.parent = parent;
    this.key = key;
    this.index = index;
    this.ofKey = ofKey;
  }

  @Override public JsonPath path() { return this; }

  /** The path of an object member. */
  JsonPath member(String name) { return new JsonPath(this, name, -1, false); }

  /** The path of an array element. */
  JsonPath element(int i) { return new JsonPath(this, null, i, false); }

  /** The path of an object's i-th key itself (by position: the key's text may be what is redacted). */
  JsonPath keyOf(int i) { return new JsonPath(this, null, i, true); }

  @Override public String toString() {
    if (parent == null) return "$";
    var sb = new StringBuilder(parent.toString());
    if (ofKey) return sb.append("#key[").append(index).append(']').toString();
    if (key == null) return sb.append('[').append(index).append(']').toString();
    if (plain(key)) return sb.append('.').append(key).toString();
    return sb.append("['").append(key.replace("\\", "\\\\").replace("'", "\\'")).append("']").toString();
  }

  private static boolean plain(String key) {
    if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) && key.charAt(0) < 128 || key.charAt(0) == '_')) return false;
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) return false;
    }
    return true;
  }
}
