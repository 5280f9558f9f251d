package dev.portcullis.connect.http;

import dev.portcullis.mcp.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an API response into an MCP tool result: the body as text content when it is textual, the
 * parsed body as {@code structuredContent} when it is a JSON object, and {@code isError} with the status
 * line for anything but 2xx. Nothing of the request (its headers above all) is ever part of a result.
 */
final class ToolResults {
  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
      Map.entry(303, "See Other"), Map.entry(304, "Not Modified"), Map.entry(307, "Temporary Redirect"),
      Map.entry(308, "Permanent Redirect"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
      Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
      Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(412, "Precondition Failed"),
      Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Content"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

  private ToolResults() {}

  static Map<String, Object> of(int status, String contentType, byte[] body) {
    boolean ok = status >= 200 && status < 300;
    String text = textual(contentType, body) ? new String(body, charset(contentType)) : null;
    var result = new LinkedHashMap<String, Object>();
    String shown;
    if (ok) {
      shown = text != null ? text : "binary response of " + body.length + " bytes" + (contentType == null ? "" : " (" + contentType + ")");
    } else {
      String line = "HTTP " + status + (REASONS.containsKey(status) ? " " + REASONS.get(status) : "");
      if (status < 400) line += " (redirects are not followed)";
      shown = text == null || text.isEmpty() ? line : line + "\n" + text;
    }
    result.put("content", List.of(Map.of("type", "text", "text", shown)));
    if (ok && text != null && isJson(contentType)) {
      try {
        if (Json.parse(text) instanceof Map<?, ?> object) result.put("structuredContent", object);
      } catch (IOException notJson) {
        // A body labelled JSON that is not: the text content alone carries it.
      }
    }
    result.put("isError", !ok);
    return result;
  }

  private static boolean textual(String contentType, byte[] body) {
    if (contentType == null) return isUtf8(body);
    String type = mediaType(contentType);
    return type.startsWith("text/") || isJson(contentType) || type.endsWith("+xml") || type.equals("application/xml")
        || type.equals("application/x-www-form-urlencoded") || type.equals("application/yaml");
  }

  private static boolean isUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) return false;
    String type = mediaType(contentType);
    return type.equals("application/json") || type.endsWith("+json");
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static Charset charset(String contentType) {
    if (contentType != null) {
      for (String part : contentType.split(";")) {
        String p = part.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").trim());
          } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
