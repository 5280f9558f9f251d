package dev.portcullis.devkit;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One running instance of an agent, as agents run in production, for the end-to-end tests and the
 * benchmarks: it holds a key of its own that never leaves it ({@link DpopKey}), enrols at the
 * gateway's token endpoint with the credential its operator issued, and exchanges a user's access
 * token for a delegation token (RFC 8693), proving possession of its key on every request.
 *
 * <p>Refusals by the token endpoint are {@link IllegalStateException}s with the endpoint's error
 * code and description, which never quote a token.
 */
public final class AgentInstance {
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

  private final HttpClient http;
  private final String gatewayUrl;
  private final DpopKey key = DpopKey.generate();

  /**
   * A new instance with a fresh key, reaching the gateway at {@code gatewayUrl} (its public URL)
   * through {@code http}, which the caller owns and may share between instances.
   */
  public AgentInstance(HttpClient http, String gatewayUrl) {
    this.http = http;
    this.gatewayUrl = gatewayUrl;
  }

  /** The resource of the virtual server {@code server}: its MCP endpoint, what a delegation for it names. */
  public String resource(String server) { return gatewayUrl + "/mcp/" + server; }

  /** Exchanges the operator-issued agent credential for an instance token bound to this instance's key. */
  public String enrol(String agentCredential, String instance) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", TOKEN_EXCHANGE);
    form.put("subject_token", agentCredential);
    form.put("subject_token_type", ACCESS_TOKEN);
    form.put("instance", instance);
    return exchange(form, "enrolment");
  }

  /**
   * Exchanges a user's access token, with this instance's token as actor, for a delegation token
   * for the virtual server {@code server}, asking for these RFC 9396 authorization details (a JSON
   * array).
   */
  public String delegation(String userToken, String instanceToken, String server, String authorizationDetails) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", TOKEN_EXCHANGE);
    form.put("subject_token", userToken);
    form.put("subject_token_type", ACCESS_TOKEN);
    form.put("actor_token", instanceToken);
    form.put("actor_token_type", ACCESS_TOKEN);
    form.put("resource", resource(server));
    form.put("authorization_details", authorizationDetails);
    return exchange(form, "delegation");
  }

  /** A DPoP proof for one request to {@code url}, bound to {@code accessToken} when there is one. */
  public String proof(String method, String url, String accessToken) { return key.proof(method, url, accessToken); }

  private String exchange(Map<String, String> form, String what) {
    String endpoint = gatewayUrl + "/oauth2/token";
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    var request = HttpRequest.newBuilder(URI.create(endpoint))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("DPoP", proof("POST", endpoint, null))
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(what + ": the token endpoint could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    }
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(response.body());
    } catch (ParseException e) {
      throw new IllegalStateException(what + ": the token endpoint answered " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(what + " refused (" + response.statusCode() + "): " + json.get("error") + ": "
          + json.get("error_description"));
    }
    if (!(json.get("access_token") instanceof String token) || token.isEmpty()) {
      throw new IllegalStateException(what + ": the token endpoint's answer holds no access token");
    }
    return token;
  }
}
