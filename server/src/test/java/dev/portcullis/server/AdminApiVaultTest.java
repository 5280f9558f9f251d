package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.server.config.VaultConfig;
import dev.portcullis.vault.LeaseScope;
import dev.portcullis.vault.crypto.RootKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault through the admin API: secrets go in and never come out; leases are listed and revoked. */
class AdminApiVaultTest {
  private static final String POLICY = "rules: []\n";
  private static final String VALUE = "s3cr3t-admin-password-value";

  @TempDir
  Path dir;
  private AdminApiFixture api;

  @AfterEach
  void close() {
    if (api != null) api.close();
  }

  private AdminApiFixture unsealed() throws Exception {
    Path key = dir.resolve("root-key.json");
    RootKey.writeNewFile(key);
    var backends = Map.of("legacy", new VaultConfig.Backend("static", null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, "api/legacy", "X-Api-Key", "raw"));
    api = new AdminApiFixture(Files.createDirectories(dir.resolve("data")), POLICY, new VaultConfig(key, backends));
    return api;
  }

  @Test
  void secretPut_isListedWithItsVersion_andTheValueAppearsInNoAnswerOrAuditRecord() throws Exception {
    unsealed();
    var first = api.put("/secrets/db/shop/admin", Map.of("value", VALUE));
    var second = api.put("/secrets/db/shop/admin", Map.of("value", VALUE + "-2"));
    var listed = api.get("/secrets?prefix=db/");

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.json()).containsEntry("version", 2);
    assertThat(listed.json().toString()).contains("db/shop/admin").doesNotContain(VALUE);
    assertThat(first.json().toString() + second.json()).doesNotContain(VALUE);
    assertThat(api.audited("secret-written")).hasSize(2);
    assertThat(api.audited.toString()).doesNotContain(VALUE);
  }

  @Test
  void secretDelete_removesIt_andAnUnknownPathIs404() throws Exception {
    unsealed();
    api.put("/secrets/api/legacy", Map.of("value", VALUE));

    assertThat(api.delete("/secrets/api/legacy").status()).isEqualTo(200);
    assertThat(api.delete("/secrets/api/legacy").status()).isEqualTo(404);
    assertThat(api.get("/secrets").json().get("secrets")).isEqualTo(List.of());
  }

  @Test
  void sealedVault_refusesSecretWritesWithTheReason_andStatusSaysWhy() throws Exception {
    api = new AdminApiFixture(Files.createDirectories(dir.resolve("data")), POLICY);

    var refused = api.put("/secrets/db/x", Map.of("value", VALUE));
    var status = api.get("/vault");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().toString()).contains("sealed").doesNotContain(VALUE);
    assertThat(status.json()).containsEntry("sealed", true);
    assertThat((String) status.json().get("reason")).contains("PORTCULLIS_ROOT_KEY");
  }

  @Test
  void unseal_withTheKeyFile_opensASealedVault() throws Exception {
    api = new AdminApiFixture(Files.createDirectories(dir.resolve("data")), POLICY);
    Path key = dir.resolve("root-key.json");
    RootKey.writeNewFile(key);

    var unsealed = api.post("/vault/unseal", Map.of("keyset", Files.readString(key)));

    assertThat(unsealed.status()).isEqualTo(200);
    assertThat(unsealed.json()).containsEntry("sealed", false);
    assertThat(api.put("/secrets/db/x", Map.of("value", VALUE)).status()).isEqualTo(200);
    assertThat(api.audited("vault-unsealed")).hasSize(1);
    assertThat(api.audited.toString()).doesNotContain(Files.readString(key).substring(20, 60));
  }

  @Test
  void leases_areListedByTask_andRevokedByTaskWithAnAuditRecord() throws Exception {
    unsealed();
    api.put("/secrets/api/legacy", Map.of("value", VALUE));
    var scope = new LeaseScope("https://idp#alice", List.of("planner", "researcher"), "reconcile-4711", "txn-1");
    api.parts().lastMile().checkOut("legacy", scope, AdminApiFixture.NOW.plus(Duration.ofMinutes(5)));

    var listed = api.get("/leases?task=reconcile-4711");
    var other = api.get("/leases?task=another-task");
    var revoked = api.post("/leases/revoke", Map.of("task", "reconcile-4711", "reason", "done"));

    assertThat(listed.json().toString()).contains("legacy/", "https://idp#alice", "researcher").doesNotContain(VALUE);
    assertThat((List<?>) other.json().get("leases")).isEmpty();
    assertThat(revoked.json()).containsEntry("revoked", 1);
    assertThat(api.audited("leases-revoked-by-admin")).hasSize(1);
    assertThat(api.audited.stream().filter(r -> r.type().equals("lease.issued")).count()).isEqualTo(1);
    assertThat(api.audited.stream().filter(r -> r.type().equals("lease.revoked")).count()).isEqualTo(1);
    assertThat(api.audited.toString()).doesNotContain(VALUE);
  }

  @Test
  void leaseRevoke_needsExactlyOneTarget() throws Exception {
    unsealed();

    assertThat(api.post("/leases/revoke", Map.of()).status()).isEqualTo(400);
    assertThat(api.post("/leases/revoke", Map.of("task", "a", "user", "b")).status()).isEqualTo(400);
    assertThat(api.post("/leases/revoke", Map.of("id", "legacy/nope")).status()).isEqualTo(404);
  }

  @Test
  void revokingAnAgent_revokesTheLeasesOfEveryChainItIsIn() throws Exception {
    unsealed();
    api.put("/secrets/api/legacy", Map.of("value", VALUE));
    var ends = AdminApiFixture.NOW.plus(Duration.ofMinutes(5));
    api.parts().lastMile().checkOut("legacy", new LeaseScope(null, List.of("planner", "researcher"), "t1", null), ends);
    api.parts().lastMile().checkOut("legacy", new LeaseScope(null, List.of("other"), "t2", null), ends);
    api.post("/agents", Map.of("id", "planner", "owner", "ops"));

    api.post("/revocations", Map.of("kind", "agent", "target", "planner", "reason", "compromised"));

    assertThat(api.get("/leases?state=active").json().toString()).contains("t2").doesNotContain("t1");
  }
}
