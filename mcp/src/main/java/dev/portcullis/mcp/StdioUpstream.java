package dev.portcullis.mcp;

import dev.portcullis.core.MessageStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream MCP server that the gateway launches as a child process and speaks to over stdio
 * (newline-delimited JSON-RPC). One process serves every agent: request ids and progress tokens
 * are replaced by gateway-unique ones on the way in and mapped back on the way out, so calls of
 * different agents cannot see each other's messages. The process is started on first use and
 * started again after it dies.
 */
public final class StdioUpstream implements Upstream {
  private static final Logger LOG = LoggerFactory.getLogger(StdioUpstream.class);
  private static final Map<String, Object> END = Map.of();

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final Duration timeout;
  private final int maxMessageBytes;
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, LinkedBlockingQueue<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  private final Map<String, Long> progressOwners = new ConcurrentHashMap<>();
  private final Map<String, Object> progressOriginals = new ConcurrentHashMap<>();
  private Process process;
  private OutputStream stdin;

  /**
   * An upstream launched as {@code command} with extra {@code environment} variables.
   *
   * @param timeout how long a call may wait for its next message
   */
  public StdioUpstream(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
                       Duration timeout, int maxMessageBytes) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.workingDirectory = workingDirectory;
    this.timeout = timeout;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public String name() { return name; }

  @Override
  public MessageStream request(String method, Map<String, Object> params, Map<String, String> headers) {
    ensureStarted();
    return send(method, params);
  }

  private void ensureStarted() {
    lock.lock();
    try {
      if (process != null && process.isAlive()) return;
      start();
      var init = new LinkedHashMap<String, Object>();
      init.put("protocolVersion", HttpUpstream.PROTOCOL_VERSION);
      init.put("capabilities", Map.of());
      init.put("clientInfo", Map.of("name", "portcullis", "version", "0.1.0"));
      try (MessageStream s = send("initialize", init)) {
        Map<String, Object> m;
        while ((m = s.next()) != null) {
          if (m.containsKey("error")) throw UpstreamException.of(name, "initialize was refused");
        }
      } catch (IOException e) {
        throw UpstreamException.of(name, "initialize failed: " + e.getMessage());
      }
      write(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    } finally {
      lock.unlock();
    }
  }

  private void start() {
    var pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
    if (workingDirectory != null) pb.directory(workingDirectory.toFile());
    pb.environment().putAll(environment);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw UpstreamException.of(name, "could not start " + command.getFirst() + ": " + e.getMessage());
    }
    stdin = process.getOutputStream();
    Process p = process;
    Thread.ofVirtual().name("stdio-" + name + "-out").start(() -> readLoop(p));
    Thread.ofVirtual().name("stdio-" + name + "-err").start(() -> drainErrors(p));
    LOG.info("started upstream {} (pid {})", name, p.pid());
  }

  private MessageStream send(String method, Map<String, Object> params) {
    long id = ids.incrementAndGet();
    var queue = new LinkedBlockingQueue<Map<String, Object>>();
    pending.put(id, queue);
    Map<String, Object> sent = withOwnProgressToken(params, id);
    var body = new LinkedHashMap<String, Object>();
    body.put("jsonrpc", "2.0");
    body.put("id", id);
    body.put("method", method);
    body.put("params", sent);
    try {
      write(body);
    } catch (RuntimeException e) {
      forget(id);
      throw e;
    }
    return new QueueStream(id, queue);
  }

  /** Replaces the caller's progress token with one that names this call. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> withOwnProgressToken(Map<String, Object> params, long id) {
    if (!(params.get("_meta") instanceof Map<?, ?> meta) || !meta.containsKey("progressToken")) return params;
    String token = "pc-" + id;
    progressOwners.put(token, id);
    progressOriginals.put(token, meta.get("progressToken"));
    var newMeta = new LinkedHashMap<>((Map<String, Object>) meta);
    newMeta.put("progressToken", token);
    var copy = new LinkedHashMap<>(params);
    copy.put("_meta", newMeta);
    return copy;
  }

  private void write(Map<String, Object> message) {
    byte[] line = Json.bytes(message);
    lock.lock();
    try {
      stdin.write(line);
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw UpstreamException.of(name, "process does not accept input: " + e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private void readLoop(Process p) {
    try (var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) continue;
        if (line.length() > maxMessageBytes) {
          LOG.warn("upstream {} sent a message over {} bytes; dropped", name, maxMessageBytes);
          continue;
        }
        Map<String, Object> message;
        try {
          message = Json.parseObject(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          LOG.warn("upstream {} wrote a line that is not JSON-RPC; ignored", name);
          continue;
        }
        route(message);
      }
    } catch (IOException e) {
      LOG.warn("upstream {} output closed: {}", name, e.getMessage());
    }
    LOG.warn("upstream {} (pid {}) exited", name, p.pid());
    pending.values().forEach(q -> q.add(END));
  }

  @SuppressWarnings("unchecked")
  private void route(Map<String, Object> message) {
    Object id = message.get("id");
    if (id instanceof Number n && !message.containsKey("method")) {
      var queue = pending.get(n.longValue());
      if (queue != null) queue.add(message);
      return;
    }
    if ("notifications/progress".equals(message.get("method")) && message.get("params") instanceof Map<?, ?> p) {
      Object token = p.get("progressToken");
      Long owner = token == null ? null : progressOwners.get(String.valueOf(token));
      if (owner != null) {
        var params = new LinkedHashMap<>((Map<String, Object>) p);
        params.put("progressToken", progressOriginals.get(String.valueOf(token)));
        var copy = new LinkedHashMap<>(message);
        copy.put("params", params);
        var queue = pending.get(owner);
        if (queue != null) queue.add(copy);
      }
      return;
    }
    if (id != null && message.containsKey("method")) {
      // A request from the server (sampling, roots, elicitation): the gateway offers none of these.
      write(Map.of("jsonrpc", "2.0", "id", id, "error", Map.of("code", -32601, "message", "not supported by the gateway")));
    }
  }

  private void drainErrors(Process p) {
    try (var reader = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        LOG.debug("upstream {} stderr: {}", name, line);
      }
    } catch (IOException ignored) {
      // The process is gone.
    }
  }

  private void forget(long id) {
    pending.remove(id);
    String token = "pc-" + id;
    progressOwners.remove(token);
    progressOriginals.remove(token);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (process != null) {
        process.destroy();
        try {
          if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The messages of one call, as the read loop routes them. */
  private final class QueueStream implements MessageStream {
    private final long id;
    private final LinkedBlockingQueue<Map<String, Object>> queue;
    private boolean done;

    QueueStream(long id, LinkedBlockingQueue<Map<String, Object>> queue) {
      this.id = id;
      this.queue = queue;
    }

    @Override
    public Map<String, Object> next() throws IOException {
      if (done) return null;
      Map<String, Object> m;
      try {
        m = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for upstream " + name);
      }
      if (m == null) throw new IOException("upstream " + name + " sent nothing for " + timeout.toSeconds() + " s");
      if (m == END) {
        close();
        throw new IOException("upstream " + name + " exited before answering");
      }
      if (m.containsKey("id") && !m.containsKey("method")) close();
      return m;
    }

    @Override
    public void close() {
      done = true;
      forget(id);
    }
  }
}
