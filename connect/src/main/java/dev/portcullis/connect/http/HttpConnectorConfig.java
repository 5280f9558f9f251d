package dev.portcullis.connect.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP API offered to agents as an MCP server.
 *
 * @param name             the connector's name (the namespace of its tools)
 * @param baseUrl          every call goes under this URL: same scheme, host and port, and under its path
 * @param timeout          how long to wait for the API's response headers
 * @param maxResponseBytes the largest response body accepted
 * @param tools            the operations offered, by tool name
 */
public record HttpConnectorConfig(String name, URI baseUrl, Duration timeout, int maxResponseBytes, List<HttpTool> tools) {
  /** The default response cap: 4 MiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
  /** The default timeout: 30 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public HttpConnectorConfig {
    tools = List.copyOf(tools);
    Objects.requireNonNull(timeout, "timeout");
    var problems = new ArrayList<String>();
    String where = "http connector '" + name + "'";
    if (name == null || name.isBlank()) problems.add("http connector: the name is missing");
    if (baseUrl == null) {
      problems.add(where + ": the base URL is missing");
    } else {
      String scheme = baseUrl.getScheme();
      if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) problems.add(where + ": the base URL must be http or https");
      if (baseUrl.getHost() == null) problems.add(where + ": the base URL has no host");
      if (baseUrl.getRawUserInfo() != null) problems.add(where + ": the base URL must not carry user info (credentials come from the vault)");
      if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) problems.add(where + ": the base URL must not carry a query or fragment");
      if (!baseUrl.normalize().equals(baseUrl)) problems.add(where + ": the base URL must not contain '.' or '..' segments");
    }
    if (timeout.isNegative() || timeout.isZero()) problems.add(where + ": the timeout must be positive");
    if (maxResponseBytes < 1) problems.add(where + ": the response cap must be positive");
    var names = new HashSet<String>();
    for (HttpTool t : tools) if (!names.add(t.name())) problems.add(where + ": tool '" + t.name() + "' is declared twice");
    if (!problems.isEmpty()) throw new ConnectorConfigException(problems);
  }

  /** A connector with the default timeout and response cap. */
  public static HttpConnectorConfig of(String name, URI baseUrl, List<HttpTool> tools) {
    return new HttpConnectorConfig(name, baseUrl, DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, tools);
  }
}
