package dev.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code portcullis demo last-mile} end to end: a real PostgreSQL, the invoice API, the gateway
 * from the YAML the demo writes, and the agent's task with its revocation.
 */
class LastMileDemoCommandTest {
  @TempDir Path temp;

  @Test
  void agentReachesDatabaseAndApiWithPerTaskCredentialsThatRevocationRemoves() throws Exception {
    // Run as root, PostgreSQL drops to an unprivileged user, which must be able to reach its directory.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
    Path state = temp.resolve("state");
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int status = new CommandLine(new LastMileDemoCommand(out)).execute("--port", "0", "--state-dir", state.toString());

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status).as(printed).isZero();
    assertThat(printed)
        .contains("shop.orders_by_customer {customer: acme}  -> ")
        .contains("Espresso machine")
        .contains("\"servedTo\":\"invoice-bot\"")
        .containsPattern("active +shop-db +lease shop-db/")
        .containsPattern("active +billing-api +lease billing-api/")
        .containsPattern("pc_[0-9a-f]{24} \\(member of shop_reader, valid until ")
        .contains("leases of the task still live: none")
        .containsPattern("audit lease.revoked +shop-db +lease shop-db/")
        .containsPattern("audit lease.revoked +billing-api +lease billing-api/")
        .contains("dynamic roles left in PostgreSQL: none")
        .contains("hash chain intact")
        .contains("LAST-MILE DEMO OK");
    assertThat(printed).doesNotContain("\"d\":");
    assertThat(Files.exists(state.resolve("portcullis.yaml"))).isTrue();
    assertThat(Files.exists(state.resolve("postgres"))).as("the cluster is deleted").isFalse();
  }

  @Test
  void refusesAStateDirectoryThatIsNotEmpty() throws Exception {
    Files.writeString(temp.resolve("leftover"), "x");
    var bytes = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var cli = new CommandLine(new LastMileDemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));

    int status = cli.execute("--port", "0", "--state-dir", temp.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not empty");
    assertThat(Files.exists(temp.resolve("postgres"))).as("nothing was started").isFalse();
  }
}
