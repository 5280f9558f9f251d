package dev.portcullis.server;

import static dev.portcullis.server.AdminApiFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.ToolRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /admin/v1/inventory} and {@code GET /admin/v1/agents/:id/instances}. */
class AdminApiInventoryTest {
  private static final String POLICY = """
      rules:
        - id: everyone-reads
          effect: allow
          tools: ["files.read", "files.secret"]
        - id: writers-write-with-a-human
          effect: require_approval
          agents: ["writer-*"]
          tools: ["files.write"]
        - id: never-delete
          effect: deny
          tools: ["files.delete"]
        - id: delete-anyway
          effect: allow
          tools: ["files.delete"]
        - id: muted-sees-nothing
          effect: deny
          methods: ["tools/list"]
          agents: ["muted-bot"]
      """;

  @TempDir Path dir;
  AdminApiFixture api;

  @BeforeEach
  void start() throws IOException {
    api = new AdminApiFixture(dir, POLICY);
    api.store.agents().put(new AgentRecord("reader-bot", "alice", "reads files", AgentRecord.Status.ACTIVE,
        Map.of("team", "docs"), NOW.minusSeconds(3600), NOW.minusSeconds(60)));
    api.store.agents().put(new AgentRecord("writer-bot", "bob", "writes files", AgentRecord.Status.ACTIVE,
        Map.of(), NOW.minusSeconds(3600), null));
    api.store.agents().put(new AgentRecord("muted-bot", "carol", null, AgentRecord.Status.DISABLED,
        Map.of(), NOW.minusSeconds(3600), null));
    for (String tool : List.of("files.read", "files.write", "files.delete")) {
      api.store.tools().put(approved(tool));
    }
    api.store.tools().put(new ToolRecord("files.secret", "files", "secret", ToolRecord.Status.DISCOVERED, null, null,
        "sha256:" + "b".repeat(64), Map.of("name", "secret"), null, null, NOW));
    api.store.instances().put(instance("reader-bot", "i-2", NOW.minusSeconds(5)));
    api.store.instances().put(instance("reader-bot", "i-1", null));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void inventory_listsEachAgentWithOwnerInstancesAndTheToolsItsPolicyAllows() {
    var answer = api.get("/inventory");

    assertThat(answer.status()).isEqualTo(200);
    Map<String, Map<String, Object>> agents = byId(answer.json().get("agents"));
    assertThat(agents.keySet()).containsExactly("muted-bot", "reader-bot", "writer-bot");

    Map<String, Object> reader = agents.get("reader-bot");
    assertThat(reader).containsEntry("owner", "alice").containsEntry("status", "active")
        .containsEntry("description", "reads files").containsEntry("labels", Map.of("team", "docs"))
        .containsEntry("createdAt", NOW.minusSeconds(3600).toString())
        .containsEntry("lastSeenAt", NOW.minusSeconds(60).toString())
        .containsEntry("tools", List.of("files.read"));
    assertThat(list(reader.get("instances"))).extracting(i -> i.get("id")).containsExactly("i-1", "i-2");
    assertThat(list(reader.get("instances")).get(1))
        .containsEntry("subject", "spiffe://portcullis.test/agent/reader-bot/i/i-2")
        .containsEntry("jkt", "jkt-i-2").containsEntry("status", "active")
        .containsEntry("lastSeenAt", NOW.minusSeconds(5).toString())
        .containsKeys("createdAt", "rotatedAt")
        .doesNotContainKey("publicJwk");

    assertThat(agents.get("writer-bot")).containsEntry("tools", List.of("files.read", "files.write"))
        .containsEntry("instances", List.of());
  }

  @Test
  void inventory_agentForbiddenToListTools_mayCallNothing() {
    Map<String, Map<String, Object>> agents = byId(api.get("/inventory").json().get("agents"));

    assertThat(agents.get("muted-bot")).containsEntry("tools", List.of()).containsEntry("status", "disabled");
  }

  @Test
  void instances_ofAgent_listsThemById() {
    var answer = api.get("/agents/reader-bot/instances");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(list(answer.json().get("instances"))).extracting(i -> i.get("id")).containsExactly("i-1", "i-2");
    assertThat(list(api.get("/agents/writer-bot/instances").json().get("instances"))).isEmpty();
  }

  @Test
  void instances_ofUnknownAgent_is404() {
    var answer = api.get("/agents/ghost/instances");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().toString()).contains("no agent 'ghost'");
  }

  private static ToolRecord approved(String name) {
    String upstreamName = name.substring(name.indexOf('.') + 1);
    Map<String, Object> definition = Map.of("name", upstreamName, "inputSchema", Map.of("type", "object"));
    String digest = "sha256:" + "a".repeat(64);
    return new ToolRecord(name, "files", upstreamName, ToolRecord.Status.APPROVED, digest, definition, digest,
        definition, null, "alice", NOW);
  }

  static AgentInstanceRecord instance(String agent, String id, Instant lastSeen) {
    return new AgentInstanceRecord(id, agent, "spiffe://portcullis.test/agent/" + agent + "/i/" + id, "jkt-" + id,
        "{\"kty\":\"EC\"}", AgentInstanceRecord.Status.ACTIVE, NOW.minusSeconds(600), null, lastSeen);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  static Map<String, Map<String, Object>> byId(Object agents) {
    var byId = new LinkedHashMap<String, Map<String, Object>>();
    for (Map<String, Object> agent : list(agents)) byId.put((String) agent.get("id"), agent);
    return byId;
  }
}
