package dev.portcullis.connect.http;

import dev.portcullis.mcp.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one tool call's arguments into the HTTP request for the API, and refuses any request that would
 * leave the base URL. Trusted headers (what the gateway injected: the credential, a transaction token)
 * are set last, so no argument can replace them.
 */
final class CallBuilder {
  private final URI base;
  private final String basePath;
  private final Duration timeout;

  CallBuilder(URI baseUrl, Duration timeout) {
    this.base = baseUrl;
    String raw = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    this.basePath = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    this.timeout = timeout;
  }

  /**
   * The request for {@code tool} with {@code arguments}.
   *
   * @throws IllegalArgumentException when the arguments do not fit the tool or the URL would leave the base URL
   */
  HttpRequest build(HttpTool tool, Map<String, Object> arguments, Map<String, String> trustedHeaders) {
    for (String name : arguments.keySet()) {
      if (!tool.locations().containsKey(name)) throw new IllegalArgumentException("tool '" + tool.name() + "' has no parameter '" + name + "'");
    }
    for (String name : tool.required()) {
      if (arguments.get(name) == null) throw new IllegalArgumentException("tool '" + tool.name() + "' needs parameter '" + name + "'");
    }
    var pathValues = new LinkedHashMap<String, String>();
    var query = new StringBuilder();
    var headers = new LinkedHashMap<String, String>();
    var body = new LinkedHashMap<String, Object>();
    for (var e : arguments.entrySet()) {
      String name = e.getKey();
      Object value = e.getValue();
      if (value == null) continue;
      switch (tool.locations().get(name)) {
        case PATH -> pathValues.put(name, scalar(name, value));
        case QUERY -> {
          for (Object item : value instanceof List<?> list ? list : List.of(value)) {
            if (!query.isEmpty()) query.append('&');
            query.append(PathTemplate.encode(name)).append('=').append(PathTemplate.encode(scalar(name, item)));
          }
        }
        case HEADER -> {
          String text = scalar(name, value);
          if (text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalArgumentException("header parameter '" + name + "' contains control characters");
          }
          headers.put(name, text);
        }
        case BODY -> body.put(name, value);
      }
    }
    URI uri = under(PathTemplate.parse(tool.path()).expand(pathValues), query.toString());
    var request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json, text/*;q=0.9, */*;q=0.1");
    Set<String> trusted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    trusted.addAll(trustedHeaders.keySet());
    headers.forEach((name, value) -> {
      if (HeaderRules.problemWithAgentHeader(name) == null && !trusted.contains(name)) request.header(name, value);
    });
    trustedHeaders.forEach(request::setHeader);
    boolean sendsBody = !body.isEmpty() || (!tool.method().equals("GET") && !tool.method().equals("DELETE")
        && tool.locations().containsValue(ParameterLocation.BODY));
    if (sendsBody) {
      request.header("Content-Type", "application/json");
      request.method(tool.method(), HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    } else {
      request.method(tool.method(), HttpRequest.BodyPublishers.noBody());
    }
    return request.build();
  }

  /** The URL for {@code path} and {@code query} under the base URL, or an exception if it is not under it. */
  URI under(String path, String query) {
    String raw = base.getScheme() + "://" + base.getRawAuthority() + basePath + path + (query.isEmpty() ? "" : "?" + query);
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the arguments do not make a valid URL");
    }
    boolean sameOrigin = uri.getScheme().equalsIgnoreCase(base.getScheme())
        && Objects.equals(uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT),
            base.getHost() == null ? null : base.getHost().toLowerCase(Locale.ROOT))
        && uri.getPort() == base.getPort();
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    boolean underPath = rawPath.equals(basePath) || rawPath.startsWith(basePath + "/");
    if (!sameOrigin || !underPath || hasDotSegment(rawPath) || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("the URL would leave the connector's base URL");
    }
    return uri;
  }

  private static boolean hasDotSegment(String rawPath) {
    for (String segment : rawPath.split("/", -1)) {
      String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (decoded.equals(".") || decoded.equals("..")) return true;
    }
    return false;
  }

  private static String scalar(String name, Object value) {
    return switch (value) {
      case String s -> s;
      case Number n -> n.toString();
      case Boolean b -> b.toString();
      default -> throw new IllegalArgumentException("parameter '" + name + "' must be a string, number or boolean");
    };
  }
}
