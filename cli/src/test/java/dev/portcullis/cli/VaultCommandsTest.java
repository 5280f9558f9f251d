package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.vault.crypto.RootKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vault}, {@code secret} and {@code lease}: local key files and the admin API's vault endpoints. */
class VaultCommandsTest {
  private static final String VALUE = "the-admin-password-itself";
  private final StubAdminServer server;
  private final CliRun cli;

  @TempDir
  Path dir;

  VaultCommandsTest() throws IOException {
    server = new StubAdminServer();
    cli = CliRun.against(server, "t0k");
  }

  @AfterEach
  void stop() { server.close(); }

  @Test
  void keygenRotateAndDrop_workOnTheFileWithoutAGateway() throws Exception {
    Path key = dir.resolve("root-key.json");

    var made = cli.run("vault", "keygen", key.toString());
    int first = RootKey.fromFile(key).primaryId();
    var rotated = cli.run("vault", "rotate-key", key.toString());
    int second = RootKey.fromFile(key).primaryId();
    var dropped = cli.run("vault", "drop-key", key.toString(), Integer.toString(first));

    assertThat(made.exitCode()).isZero();
    assertThat(rotated.exitCode()).isZero();
    assertThat(second).isNotEqualTo(first);
    assertThat(dropped.exitCode()).isZero();
    assertThat(RootKey.fromFile(key).keyIds()).containsExactly(second);
    assertThat(made.out() + rotated.out() + dropped.out()).doesNotContain(Files.readString(key).substring(30, 70));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void keygen_onAnExistingFile_failsAndKeepsIt() throws Exception {
    Path key = dir.resolve("root-key.json");
    cli.run("vault", "keygen", key.toString());
    String before = Files.readString(key);

    var again = cli.run("vault", "keygen", key.toString());

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(Files.readString(key)).isEqualTo(before);
  }

  @Test
  void secretPut_fromAFile_sendsTheValueInTheBodyOnly_andPrintsNoValue() throws Exception {
    Path file = Files.writeString(dir.resolve("pw.txt"), VALUE + "\n");
    server.answer("PUT", "/secrets/db/shop/admin", 200, "{\"path\":\"db/shop/admin\",\"version\":1}");

    var result = cli.run("secret", "put", "db/shop/admin", "--from-file", file.toString());

    assertThat(result.exitCode()).isZero();
    JsonNode body = AdminClient.JSON.readTree(server.onlyRequest().body());
    assertThat(body.path("value").asText()).isEqualTo(VALUE);
    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/secrets/db/shop/admin");
    assertThat(result.out()).contains("db/shop/admin written (version 1)").doesNotContain(VALUE);
  }

  @Test
  void secretPut_withoutASource_isAUsageError() {
    var result = cli.run("secret", "put", "db/shop/admin");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void leaseRevoke_byTask_postsExactlyThatTarget() throws Exception {
    server.answer("POST", "/leases/revoke", 200, "{\"revoked\":2,\"task\":\"reconcile-4711\"}");

    var result = cli.run("lease", "revoke", "--task", "reconcile-4711", "--reason", "done");

    assertThat(result.exitCode()).isZero();
    JsonNode body = AdminClient.JSON.readTree(server.onlyRequest().body());
    assertThat(body.path("task").asText()).isEqualTo("reconcile-4711");
    assertThat(body.has("id")).isFalse();
    assertThat(result.out()).contains("2 lease(s) revoked");
  }

  @Test
  void leaseRevoke_withTwoTargets_isAUsageError() {
    var result = cli.run("lease", "revoke", "shop-db/abc", "--task", "t");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void leaseList_printsTheLeasesAndPassesTheFilter() {
    server.answer("GET", "/leases?agent=planner", 200, "{\"leases\":[{\"id\":\"shop-db/abc\",\"state\":\"active\","
        + "\"task\":\"reconcile-4711\",\"agents\":[\"planner\"],\"expiresAt\":\"2026-11-22T10:15:00Z\"}]}");

    var result = cli.run("lease", "list", "--agent", "planner");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/leases?agent=planner");
    assertThat(result.out()).contains("shop-db/abc", "active", "reconcile-4711");
  }
}
