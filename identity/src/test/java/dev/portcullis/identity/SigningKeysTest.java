package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import dev.portcullis.core.state.AgentRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, generating and publishing {@link SigningKeys}. */
class SigningKeysTest {
  @TempDir Path dir;

  @Test
  void loadOrCreate_absentFile_writesOwnerOnlyPrivateJwk() throws Exception {
    Path file = dir.resolve("keys").resolve("signing.jwk");

    SigningKeys keys = SigningKeys.loadOrCreate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    ECKey written = (ECKey) JWK.parse(Files.readString(file));
    assertThat(written.isPrivate()).isTrue();
    assertThat(written.getKeyID()).isEqualTo(keys.currentKeyId());
    assertThat(keys.currentKeyId()).isEqualTo(written.computeThumbprint().toString());
  }

  @Test
  void loadOrCreate_existingFile_reloadsSameKey() throws Exception {
    Path file = dir.resolve("signing.jwk");
    SigningKeys first = SigningKeys.loadOrCreate(file);
    String content = Files.readString(file);

    SigningKeys second = SigningKeys.loadOrCreate(file);

    assertThat(second.currentKeyId()).isEqualTo(first.currentKeyId());
    assertThat(Files.readString(file)).isEqualTo(content);
  }

  @Test
  void loadOrCreate_tokensSignedBeforeRestart_stillVerify() throws Exception {
    Path file = dir.resolve("signing.jwk");
    var clock = new TestClock();
    var agents = new InMemoryAgents();
    var agent = InMemoryAgents.agent("invoice-bot", AgentRecord.Status.ACTIVE);
    agents.put(agent);
    String token = new AgentTokenIssuer(TokenForge.SETTINGS, SigningKeys.loadOrCreate(file), clock)
        .issue(agent, Duration.ofMinutes(1)).token();

    var verifier = new AgentTokenVerifier(TokenForge.SETTINGS, SigningKeys.loadOrCreate(file), agents, clock);

    assertThat(verifier.verify(token).agentId()).isEqualTo("invoice-bot");
  }

  @Test
  void loadOrCreate_fileReadableByOthers_isRefused() throws Exception {
    Path file = dir.resolve("signing.jwk");
    SigningKeys.loadOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> SigningKeys.loadOrCreate(file))
        .hasMessageContaining("rw-r--r--")
        .hasMessageContaining("owner only");
  }

  @Test
  void loadOrCreate_symmetricKeyFile_isRefusedWithoutQuotingIt() throws Exception {
    Path file = dir.resolve("signing.jwk");
    String secret = new OctetSequenceKeyGenerator(256).generate().toJSONString();
    Files.writeString(file, secret);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> SigningKeys.loadOrCreate(file))
        .hasMessageContaining("does not hold an EC P-256 private JWK")
        .hasNoCause();
  }

  @Test
  void loadOrCreate_publicOnlyKeyFile_isRefused() throws Exception {
    Path file = dir.resolve("signing.jwk");
    Files.writeString(file, TokenForge.newEcKey().toPublicJWK().toJSONString());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> SigningKeys.loadOrCreate(file)).hasMessageContaining("private JWK");
  }

  @Test
  void loadOrCreate_garbageFile_isRefusedWithoutQuotingIt() throws Exception {
    Path file = dir.resolve("signing.jwk");
    Files.writeString(file, "{\"kty\":\"EC\",\"d\":\"secret-marker");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> SigningKeys.loadOrCreate(file))
        .hasMessageContaining("does not hold a valid JWK")
        .hasMessageNotContaining("secret-marker")
        .hasNoCause();
  }

  @Test
  void publicJwks_containsNoPrivatePart() {
    SigningKeys keys = SigningKeys.generate();

    Map<String, Object> jwks = keys.publicJwks();

    @SuppressWarnings("unchecked")
    var list = (List<Map<String, Object>>) jwks.get("keys");
    assertThat(list).hasSize(1);
    assertThat(list.getFirst())
        .doesNotContainKey("d")
        .containsEntry("kty", "EC")
        .containsEntry("crv", "P-256")
        .containsEntry("kid", keys.currentKeyId())
        .containsEntry("alg", "ES256")
        .containsEntry("use", "sig")
        .containsKeys("x", "y");
  }

  @Test
  void withRetired_publishesAndVerifiesWithRetiredKey() {
    ECKey retiredKey = TokenForge.newEcKey();
    SigningKeys retired = SigningKeys.of(retiredKey, List.of());
    SigningKeys current = SigningKeys.generate().withRetired(List.of(retiredKey));

    assertThat(current.keyIds()).containsExactlyInAnyOrder(current.currentKeyId(), retired.currentKeyId());
    assertThat(current.verifier(retired.currentKeyId())).isPresent();
    assertThat(current.publicJwks().toString()).doesNotContain(retiredKey.getD().toString());
    assertThat(current.currentKeyId()).isNotEqualTo(retired.currentKeyId());
  }

  @Test
  void tokenSignedWithRetiredKey_verifiesAfterRotation() {
    var clock = new TestClock();
    var agents = new InMemoryAgents();
    var agent = InMemoryAgents.agent("invoice-bot", AgentRecord.Status.ACTIVE);
    agents.put(agent);
    ECKey oldKey = TokenForge.newEcKey();
    String token = new AgentTokenIssuer(TokenForge.SETTINGS, SigningKeys.of(oldKey, List.of()), clock)
        .issue(agent, Duration.ofMinutes(1)).token();

    SigningKeys rotated = SigningKeys.generate().withRetired(List.of(oldKey.toPublicJWK()));
    var verifier = new AgentTokenVerifier(TokenForge.SETTINGS, rotated, agents, clock);

    assertThat(verifier.verify(token).agentId()).isEqualTo("invoice-bot");
  }

  @Test
  void of_keyOnOtherCurve_isRefused() throws Exception {
    ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
    assertThatThrownBy(() -> SigningKeys.of(p384, List.of())).hasMessageContaining("P-256");
  }

  @Test
  void signer_producesEs256() {
    assertThat(SigningKeys.generate().signer().supportedJWSAlgorithms()).contains(JWSAlgorithm.ES256);
  }
}
