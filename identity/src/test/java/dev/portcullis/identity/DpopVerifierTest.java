package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Proofs {@link DpopVerifier} accepts, and the claim checks that bind a proof to one request. */
class DpopVerifierTest {
  private static final String TOKEN = "header.payload.signature-of-the-access-token";

  private final TestClock clock = new TestClock();
  private final ProofForge client = new ProofForge(clock);
  private final DpopVerifier verifier = new DpopVerifier(DelegationSettings.defaults(), clock);

  @Test
  void verify_validEs256Proof_returnsKeyThumbprint() {
    String jkt = verifier.verify(client.mcp(TOKEN), "POST", ProofForge.MCP_URL, TOKEN);
    assertThat(jkt).isEqualTo(client.jkt()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void verify_validEd25519Proof_returnsKeyThumbprint() {
    ProofForge ed = ProofForge.ed25519(clock);
    assertThat(verifier.verify(ed.mcp(TOKEN), "POST", ProofForge.MCP_URL, TOKEN)).isEqualTo(ed.jkt());
  }

  @Test
  void verify_tokenRequestWithoutAccessToken_needsNoAth() {
    assertThat(verifier.verify(client.tokenRequest(), "POST", ProofForge.TOKEN_URL, null)).isEqualTo(client.jkt());
  }

  @Test
  void verify_urlWithQueryAndDefaultPort_matchesHtuWithout() {
    String proof = client.proof("GET", "https://GW.example.com/mcp/bank", null);
    assertThat(verifier.verify(proof, "GET", "https://gw.example.com:443/mcp/bank?x=1#f", null)).isEqualTo(client.jkt());
  }

  @Test
  void verify_htuWithDotSegments_isNormalisedBeforeComparing() {
    String proof = client.proof("GET", "https://gw.example.com/mcp/other/../bank", null);
    assertThat(verifier.verify(proof, "GET", ProofForge.MCP_URL, null)).isEqualTo(client.jkt());
  }

  @Test
  void verify_otherMethod_isRefused() {
    String proof = client.proof("GET", ProofForge.MCP_URL, TOKEN);
    assertRefused(() -> verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN), "another HTTP method (htm)", proof);
  }

  @Test
  void verify_methodCase_matters() {
    String proof = client.proof("post", ProofForge.MCP_URL, TOKEN);
    assertRefused(() -> verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN), "another HTTP method (htm)", proof);
  }

  @Test
  void verify_otherPath_isRefused() {
    String proof = client.proof("POST", "https://gw.example.com/mcp/payroll", TOKEN);
    assertRefused(() -> verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN), "another URL (htu)", proof);
  }

  @Test
  void verify_otherHost_isRefused() {
    String proof = client.proof("POST", "https://evil.example.com/mcp/bank", TOKEN);
    assertRefused(() -> verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN), "another URL (htu)", proof);
  }

  @Test
  void verify_otherScheme_isRefused() {
    String proof = client.proof("POST", "http://gw.example.com/mcp/bank", TOKEN);
    assertRefused(() -> verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN), "another URL (htu)", proof);
  }

  @Test
  void verify_otherPort_isRefused() {
    String proof = client.proof("POST", "https://gw.example.com:8443/mcp/bank", TOKEN);
    assertRefused(() -> verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN), "another URL (htu)", proof);
  }

  @Test
  void verify_relativeHtu_isRefused() {
    String proof = client.proof("POST", "/mcp/bank", TOKEN);
    assertRefused(() -> verifier.verify(proof, "POST", ProofForge.MCP_URL, TOKEN), "another URL (htu)", proof);
  }

  @Test
  void verify_proofAtEdgeOfWindow_isAccepted() {
    String old = client.mcp(TOKEN);
    clock.advance(Duration.ofSeconds(60));
    assertThat(verifier.verify(old, "POST", ProofForge.MCP_URL, TOKEN)).isEqualTo(client.jkt());
  }

  @Test
  void verify_proofWithinFutureLead_isAccepted() {
    var claims = client.claims("POST", ProofForge.MCP_URL, TOKEN);
    claims.put("iat", TestClock.START.getEpochSecond() + 5);
    assertThat(verifier.verify(client.sign(client.header(), claims), "POST", ProofForge.MCP_URL, TOKEN))
        .isEqualTo(client.jkt());
  }

  @Test
  void verify_boundToThisKey_passes() {
    DpopVerifier.Proof proof = verifier.check(client.mcp(TOKEN), "POST", ProofForge.MCP_URL, TOKEN, client.jkt());
    assertThat(proof.jkt()).isEqualTo(client.jkt());
    assertThat(proof.publicJwk()).contains("\"kty\":\"EC\"").doesNotContain("\"d\"");
  }

  @Test
  void tokenHash_isBase64UrlSha256OfTheToken() {
    // RFC 9449 §7.1 example: the hash of the access token "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU".
    assertThat(DpopVerifier.tokenHash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"))
        .isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
  }

  @Test
  void sameTarget_unparseableUrl_isNeverTheSame() {
    assertThat(DpopVerifier.sameTarget("https://gw.example.com/ bad", "https://gw.example.com/ bad")).isFalse();
    assertThat(DpopVerifier.sameTarget("ftp://gw.example.com/x", "ftp://gw.example.com/x")).isFalse();
  }
}
