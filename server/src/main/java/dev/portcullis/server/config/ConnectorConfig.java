package dev.portcullis.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Backends that do not speak MCP, declared as upstreams whose tools the gateway serves itself. Their
 * tools go through the same stage chain as any other (identity, registry pinning, policy,
 * inspection, audit), and reach the backend with the credential the vault checks out for the call.
 */
public final class ConnectorConfig {
  private ConnectorConfig() {}

  /**
   * An HTTP API offered as tools.
   *
   * @param baseUrl          every tool's URL stays under this one (scheme, host, port, path prefix)
   * @param tools            tools declared by hand, by tool name
   * @param openapi          tools taken from the API's OpenAPI document, by operation id
   * @param timeout          per-request timeout (default the gateway's upstream timeout)
   * @param maxResponseBytes response bodies larger than this are refused (default the gateway's response limit)
   */
  public record Http(@Required String baseUrl, Map<String, HttpTool> tools, OpenApi openapi, Duration timeout,
                     Long maxResponseBytes) {
    public Http {
      tools = tools == null ? Map.of() : Map.copyOf(tools);
      if (baseUrl != null && !baseUrl.matches("https?://[^\\s]+")) {
        throw new IllegalArgumentException("base-url must be an http(s) URL, was '" + baseUrl + "'");
      }
      if (tools.isEmpty() && openapi == null) throw new IllegalArgumentException("an http connector declares tools or openapi");
    }
  }

  /**
   * One HTTP operation as a tool.
   *
   * @param description what the tool does, for the agent
   * @param method      GET, POST, PUT, PATCH or DELETE
   * @param path        the path under the base URL, with {@code {name}} for path parameters
   * @param parameters  a JSON Schema of type object for the arguments; a property may say where it goes with
   *                    {@code in}: path, query, header or body (default: path when the path names it, query for
   *                    GET and DELETE, body otherwise); {@code in} is not shown to agents
   * @param annotations MCP tool annotations (readOnlyHint, destructiveHint, ...)
   */
  public record HttpTool(String description, @Required String method, @Required String path, Map<String, Object> parameters,
                         Map<String, Object> annotations) {
    public HttpTool {
      parameters = parameters == null ? Map.of("type", "object") : parameters;
      annotations = annotations == null ? Map.of() : annotations;
      if (method != null && !List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
        throw new IllegalArgumentException("method must be GET, POST, PUT, PATCH or DELETE, was '" + method + "'");
      }
    }
  }

  /**
   * Tools generated from an OpenAPI 3 document; the operator picks the operations, and the registry
   * pins each as it pins any tool.
   *
   * @param document   the OpenAPI document (JSON or YAML)
   * @param operations the operation ids to offer; an id the document lacks is an error
   */
  public record OpenApi(@Required Path document, @Required List<String> operations) {
    public OpenApi { operations = operations == null ? null : List.copyOf(operations); }
  }

  /**
   * A SQL database offered as named, parameterized queries, run with a role the vault mints for the
   * calling task.
   *
   * @param jdbcUrl          the database, without credentials
   * @param queries          named queries, by tool name
   * @param freeQuery        an optional read-only free query tool named {@code query} (off unless given; gate it in policy)
   * @param statementTimeout how long one statement may run (default 5 s)
   */
  public record Sql(@Required String jdbcUrl, Map<String, SqlQuery> queries, FreeQuery freeQuery, Duration statementTimeout) {
    public Sql {
      queries = queries == null ? Map.of() : Map.copyOf(queries);
      statementTimeout = statementTimeout == null ? Duration.ofSeconds(5) : statementTimeout;
      if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql://")) {
        throw new IllegalArgumentException("jdbc-url must be a jdbc:postgresql:// URL");
      }
      if (jdbcUrl != null && (jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password")
          || jdbcUrl.contains("user="))) {
        throw new IllegalArgumentException("jdbc-url must not carry credentials; the vault supplies them per task");
      }
      if (queries.isEmpty() && freeQuery == null) throw new IllegalArgumentException("a sql connector declares queries or free-query");
    }
  }

  /**
   * One named query.
   *
   * @param description what it returns or does, for the agent
   * @param sql         one statement, with {@code :name} placeholders bound as parameters (never spliced)
   * @param parameters  each parameter's JSON Schema ({@code type}: string, integer, number or boolean; plus constraints)
   * @param required    the parameters that must be given
   * @param readOnly    run in a read-only transaction (default true)
   * @param maxRows     rows returned at most (default 500)
   */
  public record SqlQuery(@Required String description, @Required String sql, Map<String, Object> parameters, List<String> required,
                         Boolean readOnly, Integer maxRows) {
    public SqlQuery {
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
      required = required == null ? List.of() : List.copyOf(required);
      readOnly = readOnly == null || readOnly;
      maxRows = maxRows == null ? 500 : maxRows;
      if (maxRows < 1) throw new IllegalArgumentException("max-rows must be at least 1");
      for (var e : parameters.entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?>)) {
          throw new IllegalArgumentException("parameter '" + e.getKey() + "' must be a JSON Schema mapping, e.g. {type: string}");
        }
      }
    }
  }

  /**
   * The free query tool: one read-only statement, in a read-only transaction, with a row cap.
   *
   * @param maxRows rows returned at most (default 200)
   */
  public record FreeQuery(Integer maxRows) {
    public FreeQuery {
      maxRows = maxRows == null ? 200 : maxRows;
      if (maxRows < 1) throw new IllegalArgumentException("max-rows must be at least 1");
    }
  }
}
