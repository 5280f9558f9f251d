package dev.portcullis.vault.backend.oauth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The wire side of the client-credentials backend: discovery, the token request and RFC 7009
 * revocation, each with a capped response and a timeout.
 *
 * <p>Messages built here may quote the server's {@code error} and {@code error_description}, but never
 * the client secret or a token: the description is cut short, stripped of control characters, and any
 * occurrence of the secret in it is masked (a server that echoes what it was sent cannot leak it).
 */
final class AuthorizationServer {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final int MAX_DESCRIPTION = 200;

  /** The endpoints in use, after discovery when the configuration names an issuer. */
  record Endpoints(URI token, URI revocation) {}

  /** A token response's parts; {@link #toString()} hides the token. */
  record TokenResponse(String accessToken, String tokenType, Duration expiresIn) {
    @Override
    public String toString() { return "TokenResponse[type=" + tokenType + ", expiresIn=" + expiresIn + "]"; }
  }

  private final ClientCredentialsConfig config;
  private final HttpClient http;
  private volatile Endpoints endpoints;

  AuthorizationServer(ClientCredentialsConfig config, HttpClient http) {
    this.config = config;
    this.http = http;
    if (config.tokenEndpoint() != null) endpoints = new Endpoints(config.tokenEndpoint(), config.revocationEndpoint());
  }

  /** The endpoints, discovered on first use when only an issuer is configured. */
  Endpoints endpoints() {
    Endpoints e = endpoints;
    if (e != null) return e;
    synchronized (this) {
      if (endpoints == null) endpoints = discover();
      return endpoints;
    }
  }

  private Endpoints discover() {
    String issuer = config.issuer().toString();
    String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URI oidc = URI.create(trimmed + "/.well-known/openid-configuration");
    URI rfc8414 = URI.create(config.issuer().getScheme() + "://" + config.issuer().getRawAuthority()
        + "/.well-known/oauth-authorization-server" + nullToEmpty(config.issuer().getRawPath()).replaceAll("/$", ""));
    VaultException first = null;
    for (URI where : new URI[] {oidc, rfc8414}) {
      try {
        return endpointsFrom(where, get(where));
      } catch (VaultException e) {
        if (first == null) first = e;
      }
    }
    throw first;
  }

  private Endpoints endpointsFrom(URI where, HttpResponse<InputStream> response) {
    if (response.statusCode() != 200) throw failed("discovery at " + where + " answered HTTP " + response.statusCode());
    JsonNode doc = readJson(response, "discovery document at " + where);
    String issuer = doc.path("issuer").asText("");
    if (!issuer.equals(config.issuer().toString())) {
      throw failed("discovery at " + where + " names issuer '" + clip(issuer) + "', not the configured '" + config.issuer() + "'");
    }
    URI token = endpoint(doc, "token_endpoint", true);
    URI revocation = config.revocationEndpoint() != null ? config.revocationEndpoint() : endpoint(doc, "revocation_endpoint", false);
    return new Endpoints(token, revocation);
  }

  private URI endpoint(JsonNode doc, String field, boolean required) {
    JsonNode value = doc.get(field);
    if (value == null || !value.isTextual()) {
      if (required) throw failed("discovery document has no " + field);
      return null;
    }
    try {
      URI uri = URI.create(value.asText());
      ClientCredentialsConfig.requireSafe(config.name(), uri, field);
      return uri;
    } catch (IllegalArgumentException e) {
      throw failed("discovery document's " + field + " is not usable: " + e.getMessage());
    }
  }

  /** Asks the token endpoint for a token with the client's credentials. */
  TokenResponse fetchToken(SecretValue secret) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", "client_credentials");
    if (config.scope() != null) form.put("scope", config.scope());
    if (config.audience() != null) form.put("audience", config.audience());
    if (config.resource() != null) form.put("resource", config.resource());
    HttpResponse<InputStream> response = post(endpoints().token(), form, secret);
    if (response.statusCode() != 200) throw refused("token endpoint", response, secret);
    JsonNode body = readJson(response, "token response");
    JsonNode token = body.get("access_token");
    if (token == null || !token.isTextual() || token.asText().isEmpty()) throw failed("token response has no access_token");
    JsonNode type = body.get("token_type");
    if (type == null || !type.isTextual()) throw failed("token response has no token_type");
    if (!type.asText().equalsIgnoreCase("Bearer")) {
      // A DPoP-bound token needs a fresh proof per request, which the credential stage does not make.
      throw failed("token response has token_type '" + clip(type.asText()) + "'; only Bearer tokens are supported");
    }
    JsonNode expires = body.get("expires_in");
    Duration expiresIn = null;
    if (expires != null && !expires.isNull()) {
      if (!expires.canConvertToLong() || expires.asLong() <= 0) throw failed("token response has an invalid expires_in");
      expiresIn = Duration.ofSeconds(expires.asLong());
    }
    return new TokenResponse(token.asText(), "Bearer", expiresIn);
  }

  /** Revokes an access token (RFC 7009); a 200 means revoked or already unknown to the server. */
  void revoke(URI endpoint, String token, SecretValue secret) {
    var form = new LinkedHashMap<String, String>();
    form.put("token", token);
    form.put("token_type_hint", "access_token");
    HttpResponse<InputStream> response = post(endpoint, form, secret);
    if (response.statusCode() != 200) throw refused("revocation endpoint", response, secret);
    try {
      response.body().close();
    } catch (IOException e) {
      // Revoked all the same: the server said 200; only the release of its connection failed.
    }
  }

  private HttpResponse<InputStream> post(URI endpoint, Map<String, String> form, SecretValue secret) {
    String body = form.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    // RFC 6749 2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
    String basic = Base64.getEncoder().encodeToString(
        (encode(config.clientId()) + ":" + encode(secret.utf8())).getBytes(StandardCharsets.UTF_8));
    var request = HttpRequest.newBuilder(endpoint)
        .timeout(config.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return send(request, endpoint);
  }

  private HttpResponse<InputStream> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(config.timeout()).header("Accept", "application/json").GET().build(), uri);
  }

  private HttpResponse<InputStream> send(HttpRequest request, URI where) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw failed(where + " did not answer within " + config.timeout());
    } catch (IOException e) {
      throw failed(where + " is unreachable: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed("interrupted while calling " + where);
    }
  }

  private VaultException refused(String what, HttpResponse<InputStream> response, SecretValue secret) {
    String detail = "";
    try {
      JsonNode body = readJson(response, what + " error");
      String error = body.path("error").asText("");
      String description = body.path("error_description").asText("");
      if (!error.isEmpty()) detail = ": " + clip(mask(error, secret));
      if (!description.isEmpty()) detail += " (" + clip(mask(description, secret)) + ")";
    } catch (VaultException notJson) {
      detail = " without an OAuth error body";
    }
    return failed(what + " refused client '" + config.clientId() + "' with HTTP " + response.statusCode() + detail);
  }

  private JsonNode readJson(HttpResponse<InputStream> response, String what) {
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(config.maxResponseBytes() + 1);
    } catch (IOException e) {
      throw failed(what + " could not be read: " + e.getClass().getSimpleName());
    }
    if (bytes.length > config.maxResponseBytes()) throw failed(what + " is larger than " + config.maxResponseBytes() + " bytes");
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) throw failed(what + " is not a JSON object");
      return node;
    } catch (IOException e) {
      throw failed(what + " is not JSON");
    }
  }

  private VaultException failed(String message) {
    return new VaultException(VaultException.Reason.BACKEND_FAILED, "oauth backend '" + config.name() + "': " + message);
  }

  private static String clip(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", " ");
    return clean.length() > MAX_DESCRIPTION ? clean.substring(0, MAX_DESCRIPTION) + "..." : clean;
  }

  private static String mask(String text, SecretValue secret) {
    String s = secret.utf8();
    return s.isEmpty() ? text : text.replace(s, "[secret]");
  }

  private static String encode(String value) { return URLEncoder.encode(value, StandardCharsets.UTF_8); }

  private static String nullToEmpty(String s) { return s == null ? "" : s; }
}
