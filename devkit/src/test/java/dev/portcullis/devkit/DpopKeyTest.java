package dev.portcullis.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class DpopKeyTest {
  private final DpopKey key = DpopKey.generate();

  @Test
  void aProof_isSignedByTheKey_andNamesTheRequestWithoutItsQuery() throws Exception {
    SignedJWT proof = SignedJWT.parse(key.proof("POST", "https://gw.example/mcp/bank?x=1#f", null));

    assertThat(proof.verify(new ECDSAVerifier(key.publicKey()))).isTrue();
    assertThat(proof.getHeader().getType().getType()).isEqualTo("dpop+jwt");
    assertThat(proof.getHeader().getJWK().toJSONObject()).isEqualTo(key.publicKey().toJSONObject());
    assertThat(proof.getJWTClaimsSet().getClaim("htm")).isEqualTo("POST");
    assertThat(proof.getJWTClaimsSet().getClaim("htu")).isEqualTo("https://gw.example/mcp/bank");
    assertThat(proof.getJWTClaimsSet().getClaim("ath")).isNull();
  }

  @Test
  void aProofForARequestWithAToken_carriesTheTokensHash_andEachProofIsNew() throws Exception {
    SignedJWT first = SignedJWT.parse(key.proof("GET", "https://gw.example/mcp/bank", "token-abc"));
    SignedJWT second = SignedJWT.parse(key.proof("GET", "https://gw.example/mcp/bank", "token-abc"));

    byte[] hash = MessageDigest.getInstance("SHA-256").digest("token-abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(first.getJWTClaimsSet().getClaim("ath")).isEqualTo(Base64URL.encode(hash).toString());
    assertThat(first.getJWTClaimsSet().getJWTID()).isNotEqualTo(second.getJWTClaimsSet().getJWTID());
  }

  @Test
  void twoKeys_areDifferent() {
    assertThat(DpopKey.generate().publicKey().toJSONObject()).isNotEqualTo(key.publicKey().toJSONObject());
  }
}
