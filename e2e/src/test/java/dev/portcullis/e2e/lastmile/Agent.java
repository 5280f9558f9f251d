package dev.portcullis.e2e.lastmile;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An agent as it runs in production: it holds its own P-256 key, enrols an instance bound to that
 * key, exchanges a user's token for a delegation naming a task, and calls tools with the official
 * MCP Java SDK, a fresh DPoP proof (RFC 9449) on every request. It reaches the gateway only through
 * the address it is given (the recording proxy).
 */
final class Agent {
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

  private final ECKey key;
  private final String gatewayUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  /** @param gatewayUrl the gateway as agents reach it (its public URL) */
  Agent(String gatewayUrl) {
    this.gatewayUrl = gatewayUrl;
    try {
      this.key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Exchanges an agent credential from the operator for an instance token bound to this agent's key. */
  String enrol(String agentCredential, String instance) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", TOKEN_EXCHANGE);
    form.put("subject_token", agentCredential);
    form.put("subject_token_type", ACCESS_TOKEN);
    form.put("instance", instance);
    return token(form);
  }

  /** A delegation token for the user of {@code userToken}, for one task and the given tools of {@code server}. */
  String delegation(String userToken, String instanceToken, String server, String task, List<String> tools) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", TOKEN_EXCHANGE);
    form.put("subject_token", userToken);
    form.put("subject_token_type", ACCESS_TOKEN);
    form.put("actor_token", instanceToken);
    form.put("actor_token_type", ACCESS_TOKEN);
    form.put("resource", gatewayUrl + "/mcp/" + server);
    try {
      form.put("authorization_details", Operator.JSON.writeValueAsString(
          List.of(Map.of("type", "portcullis_task", "task", task, "tools", tools))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return token(form);
  }

  /** An MCP client of {@code server} that presents {@code accessToken} with a proof from this key. */
  McpSyncClient client(String server, String accessToken) {
    var transport = HttpClientStreamableHttpTransport.builder(gatewayUrl).endpoint("/mcp/" + server)
        .httpRequestCustomizer((builder, method, uri, body, context) -> {
          builder.setHeader("Authorization", "DPoP " + accessToken);
          builder.setHeader("DPoP", proof(method, uri.toString(), accessToken));
        }).build();
    JsonSchemaValidator acceptAll = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).jsonSchemaValidator(acceptAll).build();
  }

  private String token(Map<String, String> form) {
    String endpoint = gatewayUrl + "/oauth2/token";
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    var request = HttpRequest.newBuilder(URI.create(endpoint))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("DPoP", proof("POST", endpoint, null))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = Operator.parse(response.body());
      if (response.statusCode() != 200) {
        throw new AssertionError("token request refused (" + response.statusCode() + "): "
            + json.path("error").asText() + " " + json.path("error_description").asText());
      }
      return json.path("access_token").asText();
    } catch (IOException e) {
      throw new AssertionError("token request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A proof for one request; a given access token is bound in with its hash ({@code ath}). */
  private String proof(String method, String url, String accessToken) {
    var claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method)
        .claim("htu", url.replaceAll("[?#].*$", "")).issueTime(new Date());
    if (accessToken != null) claims.claim("ath", Base64URL.encode(sha256(accessToken)).toString());
    var header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build();
    var jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
