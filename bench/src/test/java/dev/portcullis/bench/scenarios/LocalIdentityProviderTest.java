package dev.portcullis.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.bench.scenarios.banking.BankingSuite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalIdentityProviderTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final StatedTask TASK = new StatedTask("bank.pay-electricity-bill",
      "Please pay the electricity bill in bill-march-2026.txt.", List.of("bank.*"));

  static LocalIdentityProvider provider;

  @BeforeAll
  static void start() throws Exception {
    provider = LocalIdentityProvider.start("portcullis-scenarios", InstantSource.fixed(NOW));
  }

  @AfterAll
  static void stop() {
    if (provider != null) provider.close();
  }

  @Test
  void aUsersToken_verifiesAgainstTheServedKeySet_andStatesTheTask() throws Exception {
    SignedJWT jwt = SignedJWT.parse(provider.accessToken("lena.hoffmann", TASK));
    JWKSet keys = JWKSet.parse(get(provider.jwksUri()).body());
    RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());

    assertThat(key).as("the token's kid names a served key").isNotNull();
    assertThat(key.isPrivate()).isFalse();
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(provider.issuer()).startsWith("http://127.0.0.1:");
    assertThat(claims.getSubject()).isEqualTo("lena.hoffmann");
    assertThat(claims.getAudience()).containsExactly("portcullis-scenarios");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getClaim("authorization_details")).isEqualTo(List.of(Map.of("type", "portcullis_task",
        "task", "bank.pay-electricity-bill", "description", "Please pay the electricity bill in bill-march-2026.txt.",
        "tools", List.of("bank.*"))));
  }

  @Test
  void everyTokenHasItsOwnId() throws Exception {
    String first = SignedJWT.parse(provider.accessToken("lena.hoffmann", TASK)).getJWTClaimsSet().getJWTID();
    String second = SignedJWT.parse(provider.accessToken("lena.hoffmann", TASK)).getJWTClaimsSet().getJWTID();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aPromptOverTheLimit_isRefused_ratherThanMintedCut() {
    Suite bank = BankingSuite.suite();
    UserTask wordy = new UserTask("wordy", "Please ".repeat(37), List.of(), agent -> {}, world -> true);

    assertThatThrownBy(() -> provider.accessToken("lena.hoffmann", StatedTask.of(bank, wordy)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("259 characters").hasMessageContaining("256");
  }

  @Test
  void onlyTheKeySetIsServed() throws Exception {
    assertThat(get(provider.issuer() + "/jwks/private").statusCode()).isEqualTo(404);
    assertThat(get(provider.issuer() + "/").statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
