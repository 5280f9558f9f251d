package dev.portcullis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * An agent instance's own key pair, as a real agent would hold it: it signs DPoP proofs (RFC 9449)
 * for the token endpoint and for every MCP request, and never leaves the agent.
 */
final class AgentKey {
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

  private final ECKey key;
  private final HttpClient http = HttpClient.newHttpClient();

  private AgentKey(ECKey key) { this.key = key; }

  /** A fresh P-256 key. */
  static AgentKey generate() {
    try {
      return new AgentKey(new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key's RFC 7638 thumbprint. */
  String thumbprint() {
    try {
      return key.computeThumbprint().toString();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A proof for one request; {@code accessToken} is bound into it ({@code ath}) unless null. */
  String proof(String method, String url, String accessToken) {
    try {
      var claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method)
          .claim("htu", url.replaceAll("[?#].*$", "")).issueTime(new Date());
      if (accessToken != null) {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
        claims.claim("ath", Base64URL.encode(hash).toString());
      }
      var header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build();
      var jwt = new SignedJWT(header, claims.build());
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A request customizer for the MCP Java SDK that sends {@code Authorization: DPoP <token>} and a
   * fresh proof with every request, taking the current token from {@code token}.
   */
  McpSyncHttpClientRequestCustomizer customizer(Supplier<String> token) {
    return (builder, method, uri, body, context) -> {
      String t = token.get();
      builder.setHeader("Authorization", "DPoP " + t);
      builder.setHeader("DPoP", proof(method, uri.toString(), t));
    };
  }

  /** POSTs a token request with a proof from this key; returns the HTTP status and JSON body. */
  Response tokenRequest(String tokenEndpoint, Map<String, String> form) throws IOException, InterruptedException {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    var request = HttpRequest.newBuilder(URI.create(tokenEndpoint))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("DPoP", proof("POST", tokenEndpoint, null))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), Json.parse(response.body()), response.body());
  }

  /** Exchanges an admin-issued agent credential for an instance token bound to this key. */
  Response enrol(String tokenEndpoint, String agentCredential, String instance) throws IOException, InterruptedException {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", TOKEN_EXCHANGE);
    form.put("subject_token", agentCredential);
    form.put("subject_token_type", ACCESS_TOKEN);
    form.put("instance", instance);
    return tokenRequest(tokenEndpoint, form);
  }

  /** A token endpoint answer. */
  record Response(int status, JsonNode json, String raw) {
    String accessToken() {
      if (status != 200) throw new AssertionError("token request refused (" + status + "): " + raw);
      return json.path("access_token").asText();
    }
  }
}
