package dev.portcullis.connect.http;

import static dev.portcullis.connect.Replies.error;
import static dev.portcullis.connect.Replies.result;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.MessageStream;
import dev.portcullis.mcp.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An HTTP API offered to agents as an MCP server: it answers {@code initialize}, {@code ping},
 * {@code tools/list} and {@code tools/call} itself, and turns each tool call into one request to the API.
 *
 * <p>The request carries the headers the gateway injected (the vault's credential among them) and the
 * credential's own headers; the agent's arguments fill the path, query, declared headers and JSON body,
 * but can never set a credential, cookie or routing header nor move the request off the base URL.
 * Redirects are not followed (they could lead off the base URL with the credential attached).
 */
public final class HttpConnector implements Upstream {
  static final String PROTOCOL_VERSION = "2025-11-25";

  private final HttpConnectorConfig config;
  private final Map<String, HttpTool> tools;
  private final CallBuilder calls;
  private final HttpClient client;
  private final AtomicLong ids = new AtomicLong();

  /** A connector with its own HTTP client. */
  public HttpConnector(HttpConnectorConfig config) {
    this(config, HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build());
  }

  /** A connector sending with {@code client} (which must not follow redirects). */
  public HttpConnector(HttpConnectorConfig config, HttpClient client) {
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("http connector '" + config.name() + "': the HTTP client must not follow redirects");
    }
    this.config = config;
    this.tools = config.tools().stream().collect(Collectors.toUnmodifiableMap(HttpTool::name, Function.identity()));
    this.calls = new CallBuilder(config.baseUrl(), config.timeout());
    this.client = client;
  }

  @Override
  public String name() { return config.name(); }

  @Override
  public MessageStream request(String method, Map<String, Object> params, Map<String, String> headers) {
    return request(method, params, headers, null);
  }

  @Override
  public MessageStream request(String method, Map<String, Object> params, Map<String, String> headers,
                               LastMileCredential credential) {
    long id = ids.incrementAndGet();
    Map<String, Object> message = switch (method) {
      case "initialize" -> result(id, Map.of(
          "protocolVersion", PROTOCOL_VERSION,
          "capabilities", Map.of("tools", Map.of("listChanged", false)),
          "serverInfo", Map.of("name", config.name(), "version", "0.1.0")));
      case "ping" -> result(id, Map.of());
      case "tools/list" -> result(id, Map.of("tools", config.tools().stream().map(HttpTool::definition).toList()));
      case "tools/call" -> call(id, params == null ? Map.of() : params, trusted(headers, credential));
      default -> error(id, -32601, "method not found: " + method);
    };
    return MessageStream.of(List.of(message));
  }

  private static Map<String, String> trusted(Map<String, String> headers, LastMileCredential credential) {
    var all = new LinkedHashMap<String, String>(headers == null ? Map.of() : headers);
    if (credential instanceof LastMileCredential.Headers h) all.putAll(h.headers());
    return all;
  }

  private Map<String, Object> call(long id, Map<String, Object> params, Map<String, String> trusted) {
    if (!(params.get("name") instanceof String toolName) || !tools.containsKey(toolName)) {
      return error(id, -32602, "unknown tool: " + params.get("name"));
    }
    HttpTool tool = tools.get(toolName);
    Object args = params.getOrDefault("arguments", Map.of());
    if (!(args instanceof Map<?, ?> rawArgs)) return error(id, -32602, "arguments must be an object");
    var arguments = new LinkedHashMap<String, Object>();
    rawArgs.forEach((k, v) -> arguments.put(String.valueOf(k), v));
    HttpRequest request;
    try {
      request = calls.build(tool, arguments, trusted);
    } catch (IllegalArgumentException e) {
      return error(id, -32602, e.getMessage());
    }
    return result(id, send(request));
  }

  private Map<String, Object> send(HttpRequest request) {
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw failed("no response within " + config.timeout());
    } catch (IOException e) {
      throw failed("unreachable (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed("interrupted");
    }
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(config.maxResponseBytes() + 1);
    } catch (IOException e) {
      throw failed("the response could not be read (" + e.getClass().getSimpleName() + ")");
    }
    if (body.length > config.maxResponseBytes()) throw failed("the response is larger than " + config.maxResponseBytes() + " bytes");
    return ToolResults.of(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), body);
  }

  private GatewayException failed(String message) {
    return new GatewayException(new GatewayError.UpstreamFailed(config.name(), "upstream '" + config.name() + "': " + message));
  }



  /** Nothing to stop: requests are independent. */
  @Override
  public void close() {}
}
