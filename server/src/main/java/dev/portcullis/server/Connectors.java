package dev.portcullis.server;

import dev.portcullis.connect.http.HttpConnector;
import dev.portcullis.connect.http.HttpConnectorConfig;
import dev.portcullis.connect.http.HttpTool;
import dev.portcullis.connect.http.OpenApiTools;
import dev.portcullis.connect.sql.SqlConnector;
import dev.portcullis.connect.sql.SqlConnectorSettings;
import dev.portcullis.connect.sql.SqlQuery;
import dev.portcullis.mcp.Upstream;
import dev.portcullis.server.config.ConnectorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds connector upstreams (HTTP APIs, SQL databases) from their configuration. */
final class Connectors {
  private Connectors() {}

  /** An HTTP API as an upstream: the declared tools plus the operations selected from its OpenAPI document. */
  static Upstream http(String name, ConnectorConfig.Http http, Duration defaultTimeout, int defaultMaxBytes) {
    var tools = new ArrayList<HttpTool>();
    http.tools().forEach((tool, t) -> tools.add(HttpTool.declare(tool, t.description(), t.method(), t.path(),
        t.parameters(), t.annotations().isEmpty() ? null : t.annotations())));
    if (http.openapi() != null) {
      String document;
      try {
        document = Files.readString(http.openapi().document(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("upstream '" + name + "': cannot read the OpenAPI document "
            + http.openapi().document(), e);
      }
      tools.addAll(OpenApiTools.parse(document).select(http.openapi().operations()));
    }
    Duration timeout = http.timeout() == null ? defaultTimeout : http.timeout();
    int maxBytes = http.maxResponseBytes() == null ? defaultMaxBytes : Math.toIntExact(http.maxResponseBytes());
    return new HttpConnector(new HttpConnectorConfig(name, URI.create(http.baseUrl()), timeout, maxBytes, tools));
  }

  /** A SQL database as an upstream of named queries (and the free query tool when configured). */
  @SuppressWarnings("unchecked")
  static Upstream sql(String name, ConnectorConfig.Sql sql) {
    var queries = new ArrayList<SqlQuery>();
    sql.queries().forEach((tool, q) -> {
      var parameters = new LinkedHashMap<String, Map<String, Object>>();
      q.parameters().forEach((p, schema) -> parameters.put(p, (Map<String, Object>) schema));
      queries.add(new SqlQuery(tool, q.description(), q.sql(), parameters, q.required(), q.readOnly(), q.maxRows()));
    });
    var free = sql.freeQuery() == null ? null : new SqlConnectorSettings.FreeQuery(sql.freeQuery().maxRows());
    return new SqlConnector(new SqlConnectorSettings(name, sql.jdbcUrl(), List.copyOf(queries), free, sql.statementTimeout()));
  }
}
