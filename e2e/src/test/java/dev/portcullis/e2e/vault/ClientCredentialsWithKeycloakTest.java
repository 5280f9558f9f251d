package dev.portcullis.e2e.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.e2e.keycloak.KeycloakServer;
import dev.portcullis.e2e.keycloak.PortcullisRealm;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretReader;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.backend.oauth.ClientCredentialsBackend;
import dev.portcullis.vault.backend.oauth.ClientCredentialsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OAuth client-credentials backend against a real Keycloak: the billing API's confidential client gets a
 * token meant for the billing API, the token is shared between leases, and a wrong secret is reported without
 * the secret, and a token no lease uses any more is revoked at Keycloak. Token and revocation requests pass
 * through a small forwarding proxy that counts them.
 */
class ClientCredentialsWithKeycloakTest {
  private static final String SECRET_PATH = "backends/billing/client-secret";
  private static final LeaseScope SCOPE = new LeaseScope("https://idp.example#alice", List.of("agent-1"), "task-1", null);
  private static KeycloakServer keycloak;

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final AtomicInteger revocations = new AtomicInteger();
  private HttpServer proxy;

  @BeforeAll
  static void startKeycloak() {
    keycloak = KeycloakServer.shared();
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    proxy.createContext("/token", ex -> forward(ex, keycloak.tokenEndpoint(), tokenRequests));
    proxy.createContext("/revoke", ex -> forward(ex, keycloak.issuer() + "/protocol/openid-connect/revoke", revocations));
    proxy.start();
  }

  /** Passes one request on to Keycloak and its answer back, counting it. */
  private void forward(HttpExchange ex, String target, AtomicInteger counter) throws IOException {
    counter.incrementAndGet();
    var forward = HttpRequest.newBuilder(URI.create(target))
        .header("Content-Type", ex.getRequestHeaders().getFirst("Content-Type"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
    String authorization = ex.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) forward.header("Authorization", authorization);
    try {
      HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer.headers().firstValue("Content-Type").ifPresent(t -> ex.getResponseHeaders().set("Content-Type", t));
      ex.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      try (var out = ex.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.sendResponseHeaders(502, -1);
    }
  }

  @AfterEach
  void stopProxy() { proxy.stop(0); }

  private URI proxied(String path) { return URI.create("http://127.0.0.1:" + proxy.getAddress().getPort() + path); }

  private static SecretReader secrets(String clientSecret) {
    Map<String, String> stored = Map.of(SECRET_PATH, clientSecret);
    return path -> {
      String value = stored.get(path);
      if (value == null) throw new VaultException(VaultException.Reason.NOT_FOUND, "no secret at " + path);
      return SecretValue.of(value);
    };
  }

  private static MintRequest request(String leaseId) {
    return new MintRequest(leaseId, SCOPE, Instant.now().plus(Duration.ofMinutes(1)));
  }

  private static String bearer(Minted minted) {
    String header = ((LastMileCredential.Headers) minted.credential()).headers().get("Authorization");
    assertThat(header).startsWith("Bearer ");
    return header.substring("Bearer ".length());
  }

  @Test
  void mintsATokenForTheBillingApiAndSharesItBetweenLeases() throws Exception {
    var backend = new ClientCredentialsBackend(
        ClientCredentialsConfig.of("billing", proxied("/token"), PortcullisRealm.BILLING_CLIENT, SECRET_PATH),
        secrets(PortcullisRealm.BILLING_CLIENT_SECRET));

    Minted first = backend.mint(request("billing/1"));
    Minted second = backend.mint(request("billing/2"));

    var claims = SignedJWT.parse(bearer(first)).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
    assertThat(claims.getAudience()).contains(PortcullisRealm.BILLING_AUDIENCE);
    assertThat(claims.getStringClaim("azp")).isEqualTo(PortcullisRealm.BILLING_CLIENT);
    assertThat(first.credential().expiresAt()).isBeforeOrEqualTo(claims.getExpirationTime().toInstant());
    assertThat(bearer(second)).isEqualTo(bearer(first));
    assertThat(tokenRequests).hasValue(1);
    assertThat(first.revocationData().toString()).doesNotContain(bearer(first));
  }

  @Test
  void aWrongClientSecretFailsClearlyWithoutTheSecret() {
    String wrong = "not-" + PortcullisRealm.BILLING_CLIENT_SECRET;
    var backend = new ClientCredentialsBackend(
        ClientCredentialsConfig.of("billing", proxied("/token"), PortcullisRealm.BILLING_CLIENT, SECRET_PATH),
        secrets(wrong));

    assertThatThrownBy(() -> backend.mint(request("billing/1")))
        .isInstanceOfSatisfying(VaultException.class, e -> {
          assertThat(e.reason()).isEqualTo(VaultException.Reason.BACKEND_FAILED);
          assertThat(e.getMessage()).contains("billing", PortcullisRealm.BILLING_CLIENT, "HTTP 401").doesNotContain(wrong);
        });
    assertThat(tokenRequests).hasValue(1);
  }

  @Test
  void discoversKeycloaksTokenEndpointFromTheIssuer() throws Exception {
    var config = new ClientCredentialsConfig("billing", URI.create(keycloak.issuer()), null, PortcullisRealm.BILLING_CLIENT,
        SECRET_PATH, null, null, null, null, ClientCredentialsConfig.DEFAULT_SKEW,
        ClientCredentialsConfig.DEFAULT_MAX_RESPONSE_BYTES, ClientCredentialsConfig.DEFAULT_TIMEOUT);
    var backend = new ClientCredentialsBackend(config, secrets(PortcullisRealm.BILLING_CLIENT_SECRET));

    Minted minted = backend.mint(request("billing/1"));

    var claims = SignedJWT.parse(bearer(minted)).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
    assertThat(claims.getAudience()).contains(PortcullisRealm.BILLING_AUDIENCE);
  }

  @Test
  void revokesTheTokenAtKeycloakWhenItsLastLeaseEnds() {
    var config = ClientCredentialsConfig.of("billing", proxied("/token"), PortcullisRealm.BILLING_CLIENT, SECRET_PATH)
        .withRevocationEndpoint(proxied("/revoke"));
    var backend = new ClientCredentialsBackend(config, secrets(PortcullisRealm.BILLING_CLIENT_SECRET));
    Minted first = backend.mint(request("billing/1"));
    Minted second = backend.mint(request("billing/2"));

    backend.revoke("billing/1", first.revocationData());
    assertThat(revocations).hasValue(0);
    // Keycloak answers anything but 200 (a malformed request, a client it does not know) with an error, which fails the revoke.
    backend.revoke("billing/2", second.revocationData());
    assertThat(revocations).hasValue(1);
    Minted third = backend.mint(request("billing/3"));

    assertThat(bearer(third)).isNotEqualTo(bearer(first));
    assertThat(tokenRequests).hasValue(2);
  }
}
