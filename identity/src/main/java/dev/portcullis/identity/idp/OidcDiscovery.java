package dev.portcullis.identity.idp;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an identity provider's OpenID Connect discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, OpenID Connect Discovery 1.0 §4, the form
 * Keycloak, Okta and Entra ID all serve) and takes from it where the signing keys are.
 *
 * <p>The document must name exactly the configured issuer (§4.3): a document that names another
 * one is either a misconfiguration or an impersonation, and in both cases its keys must not be
 * trusted for this issuer. Its {@code jwks_uri} must be https (plain http only to a loopback host).
 */
final class OidcDiscovery {
  static final String WELL_KNOWN_PATH = "/.well-known/openid-configuration";

  private final IdpHttp http;

  OidcDiscovery(IdpHttp http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  /** Where the discovery document of {@code issuer} is: the issuer without a trailing slash, plus the well-known path. */
  static URI documentUri(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + WELL_KNOWN_PATH);
  }

  /**
   * The {@code jwks_uri} that the discovery document of {@code issuer} names.
   *
   * @throws IdpUnavailableException when the document cannot be fetched, names another issuer, or
   *                                 names no acceptable key set URL
   */
  URI jwksUri(String issuer) throws IdpUnavailableException {
    URI location = documentUri(issuer);
    Map<String, Object> document = http.getJson(location, "discovery document");
    if (!issuer.equals(document.get("issuer"))) {
      throw new IdpUnavailableException("discovery document at " + location
          + " names a different issuer than the configured '" + issuer + "'");
    }
    if (!(document.get("jwks_uri") instanceof String jwks)) {
      throw new IdpUnavailableException("discovery document at " + location + " names no jwks_uri");
    }
    URI uri = Endpoints.parse(jwks);
    if (!Endpoints.isFetchable(uri)) {
      throw new IdpUnavailableException("discovery document at " + location
          + " names a jwks_uri that is not https (plain http is allowed only to a loopback host)");
    }
    return uri;
  }
}
