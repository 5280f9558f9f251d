package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.core.state.AgentRecord;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** Tokens issued by {@link AgentTokenIssuer}. */
class AgentTokenIssuerTest {
  private final TokenForge forge = new TokenForge();
  private final TestClock clock = new TestClock();
  private final AgentTokenIssuer issuer = new AgentTokenIssuer(TokenForge.SETTINGS, forge.keys, clock);
  private final AgentRecord agent = InMemoryAgents.agent("invoice-bot", AgentRecord.Status.ACTIVE);

  @Test
  void issue_activeAgent_signsAccessTokenWithExpectedHeader() throws Exception {
    SignedJWT jwt = SignedJWT.parse(issuer.issue(agent, Duration.ofMinutes(5)).token());

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(forge.keys.currentKeyId());
    assertThat(jwt.getHeader().toJSONObject()).containsOnlyKeys("alg", "typ", "kid");
    assertThat(jwt.verify(new ECDSAVerifier(forge.key.toPublicJWK()))).isTrue();
  }

  @Test
  void issue_activeAgent_carriesExpectedClaims() throws Exception {
    IssuedToken issued = issuer.issue(agent, Duration.ofMinutes(5));
    JWTClaimsSet claims = SignedJWT.parse(issued.token()).getJWTClaimsSet();

    assertThat(claims.getIssuer()).isEqualTo("https://gw.example.com");
    assertThat(claims.getSubject()).isEqualTo("spiffe://portcullis.example/agent/invoice-bot");
    assertThat(claims.getAudience()).containsExactly("https://gw.example.com/mcp");
    assertThat(SignedJWT.parse(issued.token()).getPayload().toJSONObject())
        .containsEntry("aud", "https://gw.example.com/mcp");
    assertThat(claims.getClaim("client_id")).isEqualTo("invoice-bot");
    assertThat(claims.getIssueTime()).isEqualTo(Date.from(TestClock.START));
    assertThat(claims.getNotBeforeTime()).isEqualTo(Date.from(TestClock.START));
    assertThat(claims.getExpirationTime()).isEqualTo(Date.from(TestClock.START.plusSeconds(300)));
    assertThat(claims.getJWTID()).isEqualTo(issued.tokenId());
    assertThat(issued.expiresAt()).isEqualTo(TestClock.START.plusSeconds(300));
  }

  @Test
  void issue_tokenIds_are128BitRandomBase64Url() {
    var ids = new HashSet<String>();
    for (int i = 0; i < 50; i++) ids.add(issuer.issue(agent, Duration.ofMinutes(1)).tokenId());

    assertThat(ids).hasSize(50).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{22}"));
  }

  @Test
  void issue_ttlAboveMaximum_isRefusedNamingBoth() {
    assertThatThrownBy(() -> issuer.issue(agent, Duration.ofMinutes(16)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT16M")
        .hasMessageContaining("PT15M");
  }

  @Test
  void issue_ttlAtMaximum_isIssued() {
    assertThat(issuer.issue(agent, Duration.ofMinutes(15)).expiresAt()).isEqualTo(TestClock.START.plusSeconds(900));
  }

  @Test
  void issue_zeroTtl_isRefused() {
    assertThatThrownBy(() -> issuer.issue(agent, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issue_disabledAgent_isRefused() {
    var disabled = InMemoryAgents.agent("invoice-bot", AgentRecord.Status.DISABLED);
    assertThatThrownBy(() -> issuer.issue(disabled, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'invoice-bot' is DISABLED");
  }

  @Test
  void issue_malformedAgentId_isRefused() {
    var odd = InMemoryAgents.agent("../admin", AgentRecord.Status.ACTIVE);
    assertThatThrownBy(() -> issuer.issue(odd, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issuedToken_toString_hidesToken() {
    IssuedToken issued = issuer.issue(agent, Duration.ofMinutes(1));
    assertThat(issued.toString()).doesNotContain(issued.token()).contains("<redacted>");
  }

  @Test
  void issue_subSecondClock_truncatesToWholeSeconds() throws Exception {
    clock.advance(Duration.ofMillis(750));
    IssuedToken issued = issuer.issue(agent, Duration.ofMinutes(1));
    assertThat(issued.expiresAt()).isEqualTo(TestClock.START.plusSeconds(60));
    assertThat(SignedJWT.parse(issued.token()).getJWTClaimsSet().getExpirationTime().toInstant())
        .isEqualTo(issued.expiresAt());
  }
}
