package dev.portcullis.identity.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading a provider's discovery document from a real local server. */
class OidcDiscoveryTest {
  private final FakeIdp idp = FakeIdp.start(UserTokens.ecKey("ec-1"));
  private final IdpHttp http = new IdpHttp();
  private final OidcDiscovery discovery = new OidcDiscovery(http);

  @AfterEach
  void stop() {
    http.close();
    idp.close();
  }

  @Test
  void documentUri_appendsTheWellKnownPath_withOrWithoutATrailingSlash() {
    assertThat(OidcDiscovery.documentUri("https://idp.example.com/realms/acme"))
        .isEqualTo(URI.create("https://idp.example.com/realms/acme/.well-known/openid-configuration"));
    assertThat(OidcDiscovery.documentUri("https://idp.example.com/"))
        .isEqualTo(URI.create("https://idp.example.com/.well-known/openid-configuration"));
  }

  @Test
  void jwksUri_isTakenFromTheDocument() throws IdpUnavailableException {
    assertThat(discovery.jwksUri(idp.issuer)).isEqualTo(URI.create(idp.jwksUrl()));
  }

  @Test
  void jwksUri_documentNamingAnotherIssuer_isRefused() {
    idp.discoveryNamesIssuer(idp.issuer + "/");

    assertThatThrownBy(() -> discovery.jwksUri(idp.issuer))
        .isInstanceOf(IdpUnavailableException.class)
        .hasMessageContaining("names a different issuer than the configured '" + idp.issuer + "'");
  }

  @Test
  void jwksUri_missing_isRefused() {
    idp.discoveryNamesJwksUri(null);

    assertThatThrownBy(() -> discovery.jwksUri(idp.issuer))
        .isInstanceOf(IdpUnavailableException.class)
        .hasMessageContaining("names no jwks_uri");
  }

  @Test
  void jwksUri_relativeOrPlainHttpOffLoopback_isRefused() {
    for (String location : new String[] {"/certs", "http://idp.example.com/certs", "file:///etc/keys"}) {
      idp.discoveryNamesJwksUri(location);

      assertThatThrownBy(() -> discovery.jwksUri(idp.issuer))
          .isInstanceOf(IdpUnavailableException.class)
          .hasMessageContaining("not https");
    }
  }

  @Test
  void unreachableProvider_isReported() {
    idp.stop();

    assertThatThrownBy(() -> discovery.jwksUri(idp.issuer))
        .isInstanceOf(IdpUnavailableException.class)
        .hasMessageContaining("could not be fetched");
  }

  @Test
  void redirect_isNotFollowed() throws Exception {
    var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("Location", idp.issuer + OidcDiscovery.WELL_KNOWN_PATH);
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    try {
      String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/moved";
      assertThatThrownBy(() -> discovery.jwksUri(issuer))
          .isInstanceOf(IdpUnavailableException.class)
          .hasMessageContaining("answered HTTP 302");
    } finally {
      server.stop(0);
    }
  }
}
