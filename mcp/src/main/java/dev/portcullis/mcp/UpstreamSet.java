package dev.portcullis.mcp;

import dev.portcullis.core.GatewayException;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.MessageStream;
import dev.portcullis.core.Upstreams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The upstreams of every virtual server, by name. */
public final class UpstreamSet implements Upstreams, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamSet.class);
  private static final int MAX_PAGES = 100;

  private final Map<String, Upstream> upstreams;
  private final Map<String, List<String>> serverUpstreams;

  /**
   * @param upstreams       every upstream by name
   * @param serverUpstreams for each virtual server, the names of its upstreams
   */
  public UpstreamSet(Map<String, Upstream> upstreams, Map<String, List<String>> serverUpstreams) {
    this.upstreams = Map.copyOf(upstreams);
    this.serverUpstreams = Map.copyOf(serverUpstreams);
    serverUpstreams.forEach((server, names) -> names.forEach(n -> {
      if (!upstreams.containsKey(n)) throw new IllegalArgumentException("server '" + server + "' names unknown upstream '" + n + "'");
    }));
  }

  /** The names of the upstreams behind a virtual server. */
  public List<String> upstreamsOf(String server) { return serverUpstreams.getOrDefault(server, List.of()); }

  /** Whether a virtual server with this name exists. */
  public boolean hasServer(String server) { return serverUpstreams.containsKey(server); }

  @Override
  public Map<String, List<Map<String, Object>>> listTools(String server) {
    var result = new LinkedHashMap<String, List<Map<String, Object>>>();
    for (String name : upstreamsOf(server)) {
      try {
        result.put(name, listTools(upstreams.get(name)));
      } catch (GatewayException | IOException e) {
        // An unreachable upstream keeps its registrations; its tools are simply not refreshed now.
        LOG.warn("could not list tools of upstream {}: {}", name, e.getMessage());
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> listTools(Upstream upstream) throws IOException {
    var tools = new ArrayList<Map<String, Object>>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, Object> params = cursor == null ? Map.of() : Map.of("cursor", cursor);
      Map<String, Object> response = finalResponse(upstream.request("tools/list", params, Map.of()));
      if (!(response.get("result") instanceof Map<?, ?> result)) {
        throw new IOException("tools/list was refused: " + Json.text(response.get("error")));
      }
      if (result.get("tools") instanceof List<?> list) {
        for (Object t : list) if (t instanceof Map<?, ?> m) tools.add((Map<String, Object>) m);
      }
      cursor = result.get("nextCursor") instanceof String s && !s.isEmpty() ? s : null;
      if (cursor == null) return tools;
    }
    throw new IOException("tools/list did not end after " + MAX_PAGES + " pages");
  }

  private static Map<String, Object> finalResponse(MessageStream stream) throws IOException {
    try (stream) {
      Map<String, Object> m;
      while ((m = stream.next()) != null) {
        if (m.containsKey("id") && !m.containsKey("method")) return m;
      }
    }
    throw new IOException("no response");
  }

  @Override
  public MessageStream call(String upstream, String method, Map<String, Object> params, Map<String, String> headers) {
    Upstream u = upstreams.get(upstream);
    if (u == null) throw new IllegalArgumentException("unknown upstream '" + upstream + "'");
    return u.request(method, params, headers);
  }

  @Override
  public MessageStream call(String upstream, String method, Map<String, Object> params, Map<String, String> headers,
                            LastMileCredential credential) {
    Upstream u = upstreams.get(upstream);
    if (u == null) throw new IllegalArgumentException("unknown upstream '" + upstream + "'");
    return u.request(method, params, headers, credential);
  }

  @Override
  public void close() {
    upstreams.values().forEach(u -> {
      try {
        u.close();
      } catch (RuntimeException e) {
        LOG.warn("closing upstream {} failed: {}", u.name(), e.getMessage());
      }
    });
  }
}
