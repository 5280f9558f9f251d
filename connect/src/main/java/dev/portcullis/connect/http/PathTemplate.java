package dev.portcullis.connect.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL path with {@code {name}} placeholders. Values are percent-encoded as whole segments: a {@code /}
 * in a value is {@code %2F}, so {@code ../admin} stays one segment and cannot climb out of the path;
 * {@code .} and {@code ..} alone, and the empty string, are refused because servers normalise them away.
 */
final class PathTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

  private final String template;
  private final List<String> names;

  private PathTemplate(String template, List<String> names) {
    this.template = template;
    this.names = names;
  }

  /** Parses a template: it starts with {@code /}, has no query, fragment or dot segments. */
  static PathTemplate parse(String template) {
    if (template == null || !template.startsWith("/")) throw new IllegalArgumentException("the path must start with '/', was '" + template + "'");
    if (template.contains("?") || template.contains("#")) throw new IllegalArgumentException("the path must not carry a query or fragment: " + template);
    for (String segment : template.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) throw new IllegalArgumentException("the path must not contain '.' or '..' segments: " + template);
    }
    var names = new ArrayList<String>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (names.contains(m.group(1))) throw new IllegalArgumentException("the path names {" + m.group(1) + "} twice");
      names.add(m.group(1));
    }
    String rest = PLACEHOLDER.matcher(template).replaceAll("");
    if (rest.contains("{") || rest.contains("}")) throw new IllegalArgumentException("the path has a malformed placeholder: " + template);
    if (!rest.matches("[A-Za-z0-9\\-._~!$&'()*+,;=:@/%]*")) throw new IllegalArgumentException("the path has characters that must be encoded: " + template);
    return new PathTemplate(template, List.copyOf(names));
  }

  List<String> names() { return names; }

  /** The path with every placeholder replaced by its encoded value. */
  String expand(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    var out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) throw new IllegalArgumentException("path parameter '" + m.group(1) + "' is missing");
      if (value.isEmpty() || value.equals(".") || value.equals("..")) {
        throw new IllegalArgumentException("path parameter '" + m.group(1) + "' must not be empty, '.' or '..'");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(encode(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Percent-encodes every byte but the RFC 3986 unreserved characters. */
  static String encode(String value) {
    var out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
