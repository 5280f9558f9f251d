package dev.portcullis.vault.backend.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientCredentialsBackendTest {
  private static final String SECRET = "s3cret:with&odd=chars";
  private static final LeaseScope SCOPE = new LeaseScope("https://idp#alice", List.of("agent-1"), "task-1", null);

  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @AfterEach
  void stop() { as.close(); }

  private ClientCredentialsBackend backend(ClientCredentialsConfig config) {
    return new ClientCredentialsBackend(config, path -> {
      assertThat(path).isEqualTo("secret/billing");
      return SecretValue.of(SECRET);
    }, HttpClient.newHttpClient(), clock);
  }

  private ClientCredentialsConfig config() {
    return ClientCredentialsConfig.of("billing", as.uri("/token"), "billing client", "secret/billing");
  }

  private MintRequest request(String lease, Duration life) {
    return new MintRequest(lease, SCOPE, clock.instant().plus(life));
  }

  private static String authorization(Minted minted) {
    return ((LastMileCredential.Headers) minted.credential()).headers().get("Authorization");
  }

  @Test
  void mintsBearerTokenWithClientSecretBasicAndRequestedAudience() {
    var backend = backend(new ClientCredentialsConfig("billing", null, as.uri("/token"), "billing client", "secret/billing",
        "invoices:read", "billing-api", "https://billing.example/", null, Duration.ofSeconds(30), 65536, Duration.ofSeconds(5)));

    Minted minted = backend.mint(request("billing/1", Duration.ofMinutes(2)));

    assertThat(authorization(minted)).isEqualTo("Bearer token-1");
    var received = as.received().getFirst();
    String basic = new String(Base64.getDecoder().decode(received.authorization().substring("Basic ".length())), StandardCharsets.UTF_8);
    assertThat(basic).isEqualTo("billing+client:s3cret%3Awith%26odd%3Dchars");
    assertThat(received.form()).containsEntry("grant_type", "client_credentials").containsEntry("scope", "invoices:read")
        .containsEntry("audience", "billing-api").containsEntry("resource", "https://billing.example/");
  }

  @Test
  void revocationDataIsTheTokenDigestNeverTheToken() {
    Minted minted = backend(config()).mint(request("billing/1", Duration.ofMinutes(2)));

    assertThat(minted.revocationData()).containsOnlyKeys(ClientCredentialsBackend.TOKEN_ID);
    assertThat(minted.revocationData().get(ClientCredentialsBackend.TOKEN_ID))
        .isEqualTo(ClientCredentialsBackend.digest("token-1")).doesNotContain("token-1");
    assertThat(minted.credential().toString()).doesNotContain("token-1");
  }

  @Test
  void sharesOneCachedTokenBetweenLeases() {
    var backend = backend(config());

    Minted first = backend.mint(request("billing/1", Duration.ofMinutes(2)));
    clock.advance(Duration.ofSeconds(60));
    Minted second = backend.mint(request("billing/2", Duration.ofMinutes(2)));

    assertThat(authorization(second)).isEqualTo(authorization(first));
    assertThat(as.requestsTo("/token")).isEqualTo(1);
  }

  @Test
  void credentialExpiresAtTheTokensUsableExpiryOrNotAfterWhicheverIsFirst() {
    var backend = backend(config());
    Instant start = clock.instant();

    Minted shortLease = backend.mint(request("billing/1", Duration.ofMinutes(1)));
    Minted longLease = backend.mint(request("billing/2", Duration.ofHours(1)));

    assertThat(shortLease.credential().expiresAt()).isEqualTo(start.plus(Duration.ofMinutes(1)));
    assertThat(longLease.credential().expiresAt()).isEqualTo(start.plusSeconds(300 - 30));
  }

  @Test
  void fetchesAFreshTokenWhenTheCachedOneIsTooOldForTheLease() {
    var backend = backend(config());
    backend.mint(request("billing/1", Duration.ofMinutes(1)));
    clock.advance(Duration.ofSeconds(200));

    Minted later = backend.mint(request("billing/2", Duration.ofMinutes(2)));

    assertThat(authorization(later)).isEqualTo("Bearer token-2");
    assertThat(as.requestsTo("/token")).isEqualTo(2);
  }

  @Test
  void concurrentMintsShareOneRefresh() throws Exception {
    var backend = backend(config());
    var pool = Executors.newFixedThreadPool(8);
    try {
      var calls = new ArrayList<Callable<Minted>>();
      for (int i = 0; i < 16; i++) {
        String lease = "billing/" + i;
        calls.add(() -> backend.mint(request(lease, Duration.ofMinutes(1))));
      }
      for (Future<Minted> f : pool.invokeAll(calls)) assertThat(authorization(f.get())).isEqualTo("Bearer token-1");
    } finally {
      pool.shutdown();
    }
    assertThat(as.requestsTo("/token")).isEqualTo(1);
  }

  @Test
  void revokesTheTokenAtTheServerWhenItsLastLeaseIsRevoked() {
    var backend = backend(config().withRevocationEndpoint(as.uri("/revoke")));
    Minted first = backend.mint(request("billing/1", Duration.ofMinutes(1)));
    Minted second = backend.mint(request("billing/2", Duration.ofMinutes(1)));

    backend.revoke("billing/1", first.revocationData());
    assertThat(as.requestsTo("/revoke")).isZero();
    backend.revoke("billing/2", second.revocationData());
    backend.revoke("billing/2", second.revocationData());

    assertThat(as.requestsTo("/revoke")).isEqualTo(1);
    var revocation = as.received().stream().filter(r -> r.path().equals("/revoke")).findFirst().orElseThrow();
    assertThat(revocation.form()).containsEntry("token", "token-1").containsEntry("token_type_hint", "access_token");
    assertThat(revocation.authorization()).startsWith("Basic ");
    assertThat(backend.caches(first.revocationData().get(ClientCredentialsBackend.TOKEN_ID))).isFalse();
    assertThat(authorization(backend.mint(request("billing/3", Duration.ofMinutes(1))))).isEqualTo("Bearer token-2");
  }

  @Test
  void keepsTheTokenForARetryWhenRevocationFails() {
    var backend = backend(config().withRevocationEndpoint(as.uri("/revoke")));
    Minted minted = backend.mint(request("billing/1", Duration.ofMinutes(1)));
    as.revokeStatus = 503;

    assertThatThrownBy(() -> backend.revoke("billing/1", minted.revocationData()))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.BACKEND_FAILED));
    as.revokeStatus = 200;
    backend.revoke("billing/1", minted.revocationData());

    assertThat(as.requestsTo("/revoke")).isEqualTo(2);
  }

  @Test
  void revokingAnUnknownTokenSucceedsWithoutCallingTheServer() {
    var backend = backend(config().withRevocationEndpoint(as.uri("/revoke")));

    backend.revoke("billing/9", Map.of(ClientCredentialsBackend.TOKEN_ID, "unknown"));

    assertThat(as.received()).isEmpty();
  }

  @Test
  void reportsTheServersErrorWithoutTheSecret() {
    as.tokenStatus = 401;
    as.tokenBody = "{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + SECRET + "\"}";

    assertThatThrownBy(() -> backend(config()).mint(request("billing/1", Duration.ofMinutes(1))))
        .isInstanceOfSatisfying(VaultException.class, e -> {
          assertThat(e.reason()).isEqualTo(VaultException.Reason.BACKEND_FAILED);
          assertThat(e.getMessage()).contains("HTTP 401", "invalid_client", "billing client").doesNotContain(SECRET);
        });
  }

  @Test
  void refusesUnusableTokenResponses() {
    var backend = backend(config());
    Map<String, String> bodies = Map.of(
        "not json", "is not JSON",
        "{\"token_type\":\"Bearer\"}", "no access_token",
        "{\"access_token\":\"t\",\"token_type\":\"mac\"}", "only Bearer",
        "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":-5}", "invalid expires_in",
        "{\"access_token\":\"" + "x".repeat(70_000) + "\",\"token_type\":\"Bearer\"}", "larger than");
    bodies.forEach((body, expected) -> {
      as.tokenBody = body;
      assertThatThrownBy(() -> backend.mint(request("billing/1", Duration.ofMinutes(1))))
          .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.BACKEND_FAILED))
          .hasMessageContaining(expected);
    });
  }

  @Test
  void refusesANonOAuthErrorPage() {
    as.tokenStatus = 502;
    as.tokenBody = "<html>bad gateway</html>";

    assertThatThrownBy(() -> backend(config()).mint(request("billing/1", Duration.ofMinutes(1))))
        .hasMessageContaining("HTTP 502 without an OAuth error body");
  }

  @Test
  void discoversTheEndpointsFromTheIssuer() {
    var backend = backend(new ClientCredentialsConfig("billing", URI.create(as.base()), null, "billing client", "secret/billing",
        null, null, null, null, Duration.ofSeconds(30), 65536, Duration.ofSeconds(5)));

    Minted minted = backend.mint(request("billing/1", Duration.ofMinutes(1)));
    backend.revoke("billing/1", minted.revocationData());

    assertThat(authorization(minted)).isEqualTo("Bearer token-1");
    assertThat(as.requestsTo("/revoke")).isEqualTo(1);
  }

  @Test
  void refusesPlainHttpEndpointsOffLoopback() {
    assertThatThrownBy(() -> ClientCredentialsConfig.of("billing", URI.create("http://idp.example/token"), "c", "p"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be https");
    assertThatThrownBy(() -> ClientCredentialsConfig.of("billing", URI.create("https://user:pw@idp.example/token"), "c", "p"))
        .hasMessageContaining("user info").hasMessageNotContaining("pw");
  }

  @Test
  void refusesALeaseThatIsAlreadyOver() {
    assertThatThrownBy(() -> backend(config()).mint(new MintRequest("billing/1", SCOPE, clock.instant())))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.REFUSED));
    assertThat(as.received()).isEmpty();
  }

  /** A clock that tests move by hand. */
  static final class MutableClock implements InstantSource {
    private volatile Instant now;

    MutableClock(Instant start) { now = start; }

    void advance(Duration d) { now = now.plus(d); }

    @Override
    public Instant instant() { return now; }
  }
}
