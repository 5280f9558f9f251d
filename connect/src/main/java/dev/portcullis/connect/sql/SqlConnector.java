package dev.portcullis.connect.sql;

import static dev.portcullis.connect.Replies.error;
import static dev.portcullis.connect.Replies.result;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.MessageStream;
import dev.portcullis.mcp.Protocol;
import dev.portcullis.mcp.Upstream;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A SQL database offered to agents as an MCP server: each configured query is a tool, and so is the
 * free query tool when it is enabled. The connector answers {@code initialize}, {@code ping},
 * {@code tools/list} and {@code tools/call} itself, in process.
 *
 * <p>It holds no credentials of its own. A call runs on a connection opened with the
 * {@link LastMileCredential.DatabaseLogin} the vault checked out for it (reused for later calls of the
 * same lease), so the database's own privileges, given to that short-lived role, are the last line
 * of defence; a call that arrives without one is refused. Agent-supplied values are only ever bind
 * parameters. Database errors come back as tool errors ({@code isError}) naming the SQLSTATE.
 */
public final class SqlConnector implements Upstream {
  private static final String VERSION = "0.1.0";
  private static final int CONNECTIONS = 64;

  private final SqlConnectorSettings settings;
  private final ToolCatalog catalog;
  private final LoginConnections connections;
  private final AtomicLong ids = new AtomicLong();

  /** A connector for {@code settings}, whose cached connections expire by the system clock. */
  public SqlConnector(SqlConnectorSettings settings) {
    this(settings, InstantSource.system());
  }

  /** A connector for {@code settings}; {@code clock} decides when a cached connection's lease has expired. */
  public SqlConnector(SqlConnectorSettings settings, InstantSource clock) {
    this.settings = settings;
    this.catalog = new ToolCatalog(settings);
    this.connections = new LoginConnections(settings.name(), settings.jdbcUrl(), CONNECTIONS, clock);
  }

  @Override
  public String name() { return settings.name(); }

  @Override
  public MessageStream request(String method, Map<String, Object> params, Map<String, String> headers) {
    return request(method, params, headers, null);
  }

  @Override
  public MessageStream request(String method, Map<String, Object> params, Map<String, String> headers,
                               LastMileCredential credential) {
    long id = ids.incrementAndGet();
    Map<String, Object> safeParams = params == null ? Map.of() : params;
    // The work runs when the caller pulls the answer, on the caller's thread, as with a remote upstream.
    return new MessageStream() {
      private boolean done;

      @Override
      public Map<String, Object> next() {
        if (done) return null;
        done = true;
        return answer(id, method, safeParams, credential);
      }

      @Override
      public void close() { done = true; }
    };
  }

  private Map<String, Object> answer(long id, String method, Map<String, Object> params, LastMileCredential credential) {
    return switch (method) {
      case "initialize" -> result(id, initializeResult(params));
      case "ping" -> result(id, Map.of());
      case "tools/list" -> result(id, Map.of("tools", catalog.definitions()));
      case "tools/call" -> call(id, params, credential);
      default -> error(id, -32601, "method not found: " + method);
    };
  }

  private Map<String, Object> call(long id, Map<String, Object> params, LastMileCredential credential) {
    if (!(params.get("name") instanceof String tool) || !catalog.has(tool)) {
      return error(id, -32602, "unknown tool: " + params.get("name"));
    }
    Object args = params.getOrDefault("arguments", Map.of());
    if (!(args instanceof Map<?, ?> rawArguments)) return error(id, -32602, "arguments must be an object");
    @SuppressWarnings("unchecked")
    var arguments = (Map<String, Object>) rawArguments;
    return result(id, new ToolCall(settings, catalog, connections).run(tool, arguments, credential));
  }

  private static Map<String, Object> initializeResult(Map<String, Object> params) {
    Object asked = params.get("protocolVersion");
    var result = new LinkedHashMap<String, Object>();
    result.put("protocolVersion", asked instanceof String s && Protocol.LEGACY.contains(s) ? s : Protocol.V2025_11_25);
    result.put("capabilities", Map.of("tools", Map.of("listChanged", false)));
    result.put("serverInfo", Map.of("name", "portcullis-sql", "version", VERSION));
    return result;
  }



  /** Closes every open connection. */
  @Override
  public void close() { connections.close(); }

  /** The tool names this connector offers. */
  public List<String> toolNames() { return catalog.names(); }
}
