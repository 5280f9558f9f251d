package dev.portcullis.identity;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth 2.0 protected resource metadata of the gateway (RFC 9728), and the
 * {@code WWW-Authenticate} challenge that points agents at it.
 */
public final class ProtectedResourceMetadata {
  /** The well-known path segment under which the metadata is published (RFC 9728 §3). */
  public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  /** The DPoP proof algorithms the gateway accepts ({@link DpopVerifier}). */
  public static final List<String> DPOP_ALGORITHMS = List.of("ES256", "EdDSA");

  private final Map<String, Object> document;

  /**
   * The metadata for the resource in {@code settings}, naming the gateway as its authorization
   * server, publishing its keys at {@code jwksUri}, and shown to people as {@code resourceName}.
   */
  public ProtectedResourceMetadata(IdentitySettings settings, String jwksUri, String resourceName) {
    this(settings, null, jwksUri, resourceName);
  }

  /**
   * The metadata as {@link #ProtectedResourceMetadata(IdentitySettings, String, String)} builds it,
   * plus what DPoP clients need (RFC 9728 §2): the proof algorithms accepted and whether tokens
   * must be key-bound (they must, unless {@code delegation} accepts bearer agent credentials).
   */
  public ProtectedResourceMetadata(IdentitySettings settings, DelegationSettings delegation, String jwksUri,
                                   String resourceName) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(resourceName, "resourceName");
    var doc = new LinkedHashMap<String, Object>();
    doc.put("resource", settings.resource());
    doc.put("authorization_servers", List.of(settings.issuer()));
    doc.put("bearer_methods_supported", List.of("header"));
    doc.put("jwks_uri", jwksUri);
    doc.put("resource_name", resourceName);
    doc.put("scopes_supported", List.of());
    if (delegation != null) {
      doc.put("dpop_signing_alg_values_supported", DPOP_ALGORITHMS);
      doc.put("dpop_bound_access_tokens_required", !delegation.allowBearerAgentTokens());
    }
    this.document = Collections.unmodifiableMap(doc);
  }

  /** The metadata document, ready to be serialized as the JSON body of the well-known endpoint. */
  public Map<String, Object> document() { return document; }

  /**
   * The URL of the metadata for a resource: the well-known segment inserted between the host and
   * the path, as RFC 9728 §3.1 prescribes ({@code https://gw.example/mcp} →
   * {@code https://gw.example/.well-known/oauth-protected-resource/mcp}).
   */
  public static String metadataUrl(String resource) {
    URI uri = URI.create(resource);
    String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getRawAuthority() + WELL_KNOWN + path
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /**
   * The value of a {@code WWW-Authenticate} header for a 401:
   * {@code Bearer resource_metadata="...", error="...", error_description="..."}.
   *
   * <p>When the request carried no token, pass {@code null} as {@code error}: RFC 6750 §3.1 says
   * the challenge then carries no error code (and so no description). Values are sent as quoted
   * strings with {@code "} and {@code \} escaped; characters outside printable ASCII are replaced
   * by {@code ?} so that no value can break the header.
   */
  public static String wwwAuthenticate(String resourceMetadataUrl, String error, String errorDescription) {
    Objects.requireNonNull(resourceMetadataUrl, "resourceMetadataUrl");
    return challenge(new StringBuilder("Bearer resource_metadata=").append(quoted(resourceMetadataUrl)), error,
        errorDescription);
  }

  /**
   * The value of a {@code WWW-Authenticate} header asking for a DPoP-bound token (RFC 9449 §7.1):
   * {@code DPoP algs="ES256 EdDSA", resource_metadata="...", error="...", error_description="..."},
   * quoted and guarded as {@link #wwwAuthenticate} does.
   */
  public static String dpopChallenge(String resourceMetadataUrl, String error, String errorDescription) {
    Objects.requireNonNull(resourceMetadataUrl, "resourceMetadataUrl");
    return challenge(new StringBuilder("DPoP algs=").append(quoted(String.join(" ", DPOP_ALGORITHMS)))
        .append(", resource_metadata=").append(quoted(resourceMetadataUrl)), error, errorDescription);
  }

  private static String challenge(StringBuilder header, String error, String errorDescription) {
    if (error != null && !error.isEmpty()) {
      header.append(", error=").append(quoted(error));
      if (errorDescription != null && !errorDescription.isEmpty()) {
        header.append(", error_description=").append(quoted(errorDescription));
      }
    }
    return header.toString();
  }

  private static String quoted(String value) {
    var out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) out.append('?');
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
