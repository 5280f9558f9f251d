package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortcullisCliTest {
  private static final String TOKEN = "admin-secret-0123456789";
  private static final String AGENTS = "{\"agents\":[]}";
  private final StubAdminServer server;

  PortcullisCliTest() throws IOException { server = new StubAdminServer().answer("GET", "/agents", 200, AGENTS); }

  @AfterEach
  void stop() { server.close(); }

  @Test
  void adminToken_fromEnvironment_isSentAsBearer() {
    var result = CliRun.against(server, TOKEN).run("agent", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().authorization()).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void adminToken_option_winsOverEnvironment() {
    var result = CliRun.against(server, TOKEN).run("agent", "list", "--admin-token", "from-option");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().authorization()).isEqualTo("Bearer from-option");
  }

  @Test
  void adminToken_withoutOptionOrEnvironment_isReadFromDataDirTokenFile(@TempDir Path dataDir) throws IOException {
    Files.writeString(dataDir.resolve("admin.token"), "from-file\n");

    var result = new CliRun().env("PORTCULLIS_ADMIN_URL", server.url())
        .run("--data-dir", dataDir.toString(), "agent", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().authorization()).isEqualTo("Bearer from-file");
  }

  @Test
  void adminToken_fileFallback_usesDataDirFromEnvironment(@TempDir Path dataDir) throws IOException {
    Files.writeString(dataDir.resolve("admin.token"), "env-dir-token");

    var result = new CliRun().env("PORTCULLIS_ADMIN_URL", server.url()).env("PORTCULLIS_DATA_DIR", dataDir.toString())
        .run("agent", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().authorization()).isEqualTo("Bearer env-dir-token");
  }

  @Test
  void adminToken_missingEverywhere_isAUsageErrorNamingTheFile(@TempDir Path dataDir) {
    var result = new CliRun().env("PORTCULLIS_ADMIN_URL", server.url())
        .run("agent", "list", "--data-dir", dataDir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no admin token").contains(dataDir.resolve("admin.token").toString());
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void adminUrl_option_winsOverEnvironment() {
    var result = new CliRun().env("PORTCULLIS_ADMIN_URL", "http://127.0.0.1:1").env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
        .run("--admin-url", server.url() + "/", "agent", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().rawPath()).isEqualTo("/admin/v1/agents");
  }

  @Test
  void gatewayError_exitsOneWithTheGatewaysMessage() {
    var result = CliRun.against(server, TOKEN).run("agent", "show", "ghost");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("no route for /admin/v1/agents/ghost").contains("HTTP 404");
  }

  @Test
  void gatewayError_withoutErrorBody_namesStatusAndRequest() {
    server.answer("GET", "/agents/x", 502, "bad gateway");

    var result = CliRun.against(server, TOKEN).run("agent", "show", "x");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("GET /agents/x").contains("HTTP 502");
  }

  @Test
  void unreachableGateway_exitsThreeNamingTheUrl() throws IOException {
    int port;
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;

    var result = new CliRun().env("PORTCULLIS_ADMIN_TOKEN", TOKEN).run("--admin-url", url, "agent", "list");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).contains("cannot reach the gateway at " + url);
  }

  @Test
  void unusableAdminUrl_isAUsageError() {
    var result = new CliRun().env("PORTCULLIS_ADMIN_TOKEN", TOKEN).run("--admin-url", "ftp://example", "agent", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("ftp://example");
  }

  @Test
  void unknownOption_isAUsageError() {
    var result = CliRun.against(server, TOKEN).run("agent", "list", "--bogus");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--bogus'");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void missingRequiredOption_isAUsageError() {
    var result = CliRun.against(server, TOKEN).run("agent", "register", "a1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--owner");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void noSubcommand_printsUsageAndIsAUsageError() {
    var result = new CliRun().run("agent");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Usage: portcullis agent").contains("issue-token");
  }

  @Test
  void adminToken_neverAppearsInOutput_evenOnErrorsOrHelp() {
    var results = java.util.List.of(
        CliRun.against(server, TOKEN).run("agent", "show", "ghost"),
        CliRun.against(server, TOKEN).run("agent", "list", "--admin-token", TOKEN, "--bogus"),
        CliRun.against(server, TOKEN).run("agent", "list", "--help"));

    assertThat(results).allSatisfy(result -> {
      assertThat(result.out()).doesNotContain(TOKEN);
      assertThat(result.err()).doesNotContain(TOKEN);
    });
    assertThat(results.get(2).out()).contains("--admin-token");
  }

  @Test
  void addedSubcommand_inheritsGlobalOptions() {
    @picocli.CommandLine.Command(name = "extra")
    class Extra implements java.util.concurrent.Callable<Integer> {
      @picocli.CommandLine.ParentCommand PortcullisCli root;
      @Override public Integer call() { return root.dataDir().endsWith("elsewhere") ? 0 : 1; }
    }
    var commandLine = PortcullisCli.commandLine(name -> null);
    commandLine.addSubcommand(new Extra());

    assertThat(commandLine.execute("extra", "--data-dir", "elsewhere")).isZero();
  }
}
