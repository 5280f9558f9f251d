package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
  private final StubAdminServer server;
  private final CliRun cli;

  PolicyCommandTest() throws IOException {
    server = new StubAdminServer();
    cli = CliRun.against(server, "t0k");
  }

  @AfterEach
  void stop() { server.close(); }

  @Test
  void check_printsProblemsAsFileLineColumnAndExitsOne(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - permit: [\n");
    server.answer("POST", "/policy/check", 200,
        "{\"ok\":false,\"problems\":[{\"file\":\"rules.yaml\",\"line\":2,\"column\":13,\"message\":\"unclosed list\"}]}");

    var result = cli.run("policy", "check", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("rules.yaml:2:13: unclosed list");
    JsonNode body = AdminClient.JSON.readTree(server.onlyRequest().body());
    assertThat(body.path("name").asText()).isEqualTo(file.toString());
    assertThat(body.path("text").asText()).isEqualTo("rules:\n  - permit: [\n");
  }

  @Test
  void check_cleanFiles_exitZero(@TempDir Path dir) throws IOException {
    Path a = Files.writeString(dir.resolve("a.yaml"), "rules: []\n");
    Path b = Files.writeString(dir.resolve("b.yaml"), "rules: []\n");
    server.answer("POST", "/policy/check", 200, "{\"ok\":true,\"problems\":[]}");

    var result = cli.run("policy", "check", a.toString(), b.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(server.requests()).hasSize(2);
    assertThat(result.out()).contains(a + ": ok").contains(b + ": ok");
  }

  @Test
  void check_missingFile_isAUsageErrorBeforeAnyRequest(@TempDir Path dir) {
    var result = cli.run("policy", "check", dir.resolve("absent.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("absent.yaml");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void explain_postsAgentToolAndParsedArguments() throws IOException {
    server.answer("POST", "/policy/explain", 200, """
        {"decision":{"effect":"forbid","rule":"no-ssh","reason":"reads a key","policyVersion":"7"},
         "trace":[{"rule":"no-ssh","targetMatched":true,"condition":"true","detail":"path matches"},
                  {"rule":"read-docs","targetMatched":false,"condition":null,"detail":null}]}""");

    var result = cli.run("policy", "explain", "--agent", "bot", "--tool", "fs.read", "--args", "{\"path\":\"~/.ssh/id\"}");

    assertThat(result.exitCode()).isZero();
    JsonNode body = AdminClient.JSON.readTree(server.onlyRequest().body());
    assertThat(body.path("agent").asText()).isEqualTo("bot");
    assertThat(body.path("tool").asText()).isEqualTo("fs.read");
    assertThat(body.path("arguments").path("path").asText()).isEqualTo("~/.ssh/id");
    assertThat(result.out()).contains("decision:").contains("forbid").contains("no-ssh").contains("reads a key")
        .contains("read-docs").contains("no match");
  }

  @Test
  void explain_argsNotJson_isAUsageErrorThatDoesNotEchoTheValue() {
    var result = cli.run("policy", "explain", "--agent", "bot", "--tool", "fs.read", "--args", "{password: hunter2");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--args is not valid JSON").doesNotContain("hunter2");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void explain_argsNotAnObject_isAUsageError() {
    var result = cli.run("policy", "explain", "--agent", "bot", "--tool", "fs.read", "--args", "[1,2]");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("JSON object");
  }
}
