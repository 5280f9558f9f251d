package dev.portcullis.mcp;

import dev.portcullis.core.MessageStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream MCP server over Streamable HTTP (revision 2025-11-25). The gateway initializes one
 * session lazily, keeps its {@code Mcp-Session-Id}, and initializes again when the server says the
 * session is gone (404). Responses are read as they arrive: a JSON body is one message; an SSE
 * body yields its events one by one, so progress notifications pass through as they happen.
 */
public final class HttpUpstream implements Upstream {
  static final String PROTOCOL_VERSION = "2025-11-25";
  private static final Logger LOG = LoggerFactory.getLogger(HttpUpstream.class);

  private final String name;
  private final URI endpoint;
  private final HttpClient client;
  private final Duration timeout;
  private final int maxMessageBytes;
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantLock sessionLock = new ReentrantLock();
  private volatile String sessionId;
  private volatile boolean initialized;

  /**
   * An upstream at {@code endpoint}.
   *
   * @param timeout         how long to wait for response headers
   * @param maxMessageBytes largest message accepted from the upstream
   */
  public HttpUpstream(String name, URI endpoint, Duration timeout, int maxMessageBytes) {
    this.name = name;
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.maxMessageBytes = maxMessageBytes;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }

  @Override
  public String name() { return name; }

  @Override
  public MessageStream request(String method, Map<String, Object> params, Map<String, String> headers) {
    ensureSession(headers);
    try {
      return send(method, params, headers);
    } catch (SessionGone e) {
      LOG.info("upstream {} ended our session; initializing again", name);
      initialized = false;
      ensureSession(headers);
      return send(method, params, headers);
    }
  }

  private void ensureSession(Map<String, String> headers) {
    if (initialized) return;
    sessionLock.lock();
    try {
      if (initialized) return;
      sessionId = null;
      var params = new LinkedHashMap<String, Object>();
      params.put("protocolVersion", PROTOCOL_VERSION);
      params.put("capabilities", Map.of());
      params.put("clientInfo", Map.of("name", "portcullis", "version", "0.1.0"));
      try (MessageStream init = send("initialize", params, headers)) {
        Map<String, Object> response = finalMessage(init);
        if (response.containsKey("error")) {
          throw UpstreamException.of(name, "initialize was refused: " + Json.text(response.get("error")));
        }
      } catch (IOException e) {
        throw UpstreamException.of(name, "initialize failed: " + e.getMessage());
      }
      notifyInitialized(headers);
      initialized = true;
    } finally {
      sessionLock.unlock();
    }
  }

  private static Map<String, Object> finalMessage(MessageStream stream) throws IOException {
    Map<String, Object> m;
    while ((m = stream.next()) != null) {
      if (m.containsKey("id") && (m.containsKey("result") || m.containsKey("error"))) return m;
    }
    throw new IOException("stream ended without a response");
  }

  private void notifyInitialized(Map<String, String> headers) {
    var body = Map.<String, Object>of("jsonrpc", "2.0", "method", "notifications/initialized");
    try {
      HttpResponse<Void> r = client.send(post(body, headers).build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 != 2) throw UpstreamException.of(name, "notifications/initialized got HTTP " + r.statusCode());
    } catch (IOException e) {
      throw UpstreamException.of(name, "unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.of(name, "interrupted");
    }
  }

  private HttpRequest.Builder post(Map<String, Object> body, Map<String, String> headers) {
    var b = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", PROTOCOL_VERSION)
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    String sid = sessionId;
    if (sid != null) b.header("Mcp-Session-Id", sid);
    headers.forEach(b::header);
    return b;
  }

  private MessageStream send(String method, Map<String, Object> params, Map<String, String> headers) {
    long id = ids.incrementAndGet();
    var body = new LinkedHashMap<String, Object>();
    body.put("jsonrpc", "2.0");
    body.put("id", id);
    body.put("method", method);
    body.put("params", params);
    HttpResponse<InputStream> response;
    try {
      response = client.send(post(body, headers).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw UpstreamException.of(name, "unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.of(name, "interrupted");
    }
    int status = response.statusCode();
    if (status == 404 && sessionId != null && !method.equals("initialize")) {
      close(response.body());
      throw new SessionGone();
    }
    if (method.equals("initialize")) {
      response.headers().firstValue("Mcp-Session-Id").ifPresent(s -> sessionId = s);
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (status / 100 != 2) {
      close(response.body());
      throw UpstreamException.of(name, "answered HTTP " + status + " to " + method);
    }
    var in = new BufferedInputStream(response.body(), 16 * 1024);
    if (type.startsWith("text/event-stream")) return new SseStream(in, id);
    if (type.startsWith("application/json")) return new JsonStream(in);
    close(in);
    throw UpstreamException.of(name, "answered with unexpected content type '" + type + "'");
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // Nothing more to read.
    }
  }

  @Override
  public void close() {
    String sid = sessionId;
    if (sid != null) {
      try {
        client.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).header("Mcp-Session-Id", sid)
            .DELETE().build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException | InterruptedException | RuntimeException ignored) {
        // Best effort: the upstream expires idle sessions itself.
      }
    }
    client.close();
  }

  /** The upstream no longer knows our session. */
  private static final class SessionGone extends RuntimeException {
    SessionGone() { super(null, null, false, false); }
  }

  /** A single JSON response body. */
  private final class JsonStream implements MessageStream {
    private final InputStream in;
    private boolean done;

    JsonStream(InputStream in) { this.in = in; }

    @Override
    public Map<String, Object> next() throws IOException {
      if (done) return null;
      done = true;
      try (in) {
        byte[] bytes = in.readNBytes(maxMessageBytes + 1);
        if (bytes.length > maxMessageBytes) throw new IOException("response larger than " + maxMessageBytes + " bytes");
        return Json.parseObject(bytes);
      }
    }

    @Override
    public void close() { HttpUpstream.close(in); }
  }

  /** An SSE response body: messages until the response to {@code id}. */
  private final class SseStream implements MessageStream {
    private final InputStream in;
    private final SseReader reader;
    private final long id;
    private boolean done;

    SseStream(InputStream in, long id) {
      this.in = in;
      this.reader = new SseReader(in, maxMessageBytes);
      this.id = id;
    }

    @Override
    public Map<String, Object> next() throws IOException {
      if (done) return null;
      while (true) {
        String data = reader.nextData();
        if (data == null) {
          done = true;
          close();
          return null;
        }
        if (data.isBlank()) continue;
        Map<String, Object> message = Json.parseObject(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (isResponseTo(message)) {
          done = true;
          close();
        }
        return message;
      }
    }

    private boolean isResponseTo(Map<String, Object> message) {
      Object mid = message.get("id");
      return mid instanceof Number n && n.longValue() == id && !message.containsKey("method");
    }

    @Override
    public void close() { HttpUpstream.close(in); }
  }
}
