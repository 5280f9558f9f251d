package dev.portcullis.server;

import static dev.portcullis.server.AdminApiFixture.NOW;
import static dev.portcullis.server.AdminApiInventoryTest.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.RevocationRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocations through the admin API: listing, adding, and revoking agents and instances. */
class AdminApiRevocationTest {
  private static final String SUBJECT = "spiffe://portcullis.test/agent/billing-bot/i/i-1";

  @TempDir Path dir;
  AdminApiFixture api;

  @BeforeEach
  void start() throws IOException {
    api = new AdminApiFixture(dir, "rules: []\n");
    api.store.agents().put(new AgentRecord("billing-bot", "alice", "pays", AgentRecord.Status.ACTIVE, Map.of(),
        NOW.minusSeconds(60), null));
    api.store.instances().put(AdminApiInventoryTest.instance("billing-bot", "i-1", null));
    api.store.instances().put(AdminApiInventoryTest.instance("billing-bot", "i-2", null));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void revoke_user_is201WithTheRecord_storedAndAudited() {
    var answer = api.post("/revocations", Map.of("kind", "user", "target", "https://idp.example.com#alice",
        "reason", "left the company", "by", "sec-team"));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json()).containsEntry("kind", "user").containsEntry("target", "https://idp.example.com#alice")
        .containsEntry("reason", "left the company").containsEntry("revokedBy", "sec-team")
        .containsEntry("revokedAt", NOW.toString());
    assertThat(api.store.revocations().list()).containsExactly(new RevocationRecord(RevocationRecord.Kind.USER,
        "https://idp.example.com#alice", "left the company", "sec-team", NOW));
    assertThat(api.audited("revoked")).singleElement().extracting(AuditRecord::fields)
        .satisfies(f -> assertThat(f).containsEntry("kind", "user").containsEntry("target", "https://idp.example.com#alice")
            .containsEntry("reason", "left the company").containsEntry("by", "sec-team"));
  }

  @Test
  void revoke_again_is200WithTheFirstRecord() {
    api.post("/revocations", Map.of("kind", "task", "target", "task-9", "reason", "first"));
    var again = api.post("/revocations", Map.of("kind", "task", "target", "task-9", "reason", "second"));

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).containsEntry("reason", "first").containsEntry("revokedBy", "admin");
    assertThat(api.store.revocations().list()).hasSize(1);
  }

  @Test
  void revoke_agent_disablesIt() {
    var answer = api.post("/revocations", Map.of("kind", "agent", "target", "billing-bot", "reason", "compromised"));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(api.store.agents().get("billing-bot")).get().extracting(AgentRecord::status)
        .isEqualTo(AgentRecord.Status.DISABLED);
    assertThat(api.store.revocations().list()).extracting(RevocationRecord::kind, RevocationRecord::target)
        .containsExactly(tuple(RevocationRecord.Kind.AGENT, "billing-bot"));
  }

  @Test
  void revoke_unknownAgent_is404AndStoresNothing() {
    var answer = api.post("/revocations", Map.of("kind", "agent", "target", "ghost"));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(api.store.revocations().list()).isEmpty();
    assertThat(api.audited).isEmpty();
  }

  @Test
  void revoke_instanceBySubject_marksTheInstanceRevoked() {
    var answer = api.post("/revocations", Map.of("kind", "instance", "target", SUBJECT));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(api.store.instances().get("billing-bot", "i-1")).get().extracting(AgentInstanceRecord::status)
        .isEqualTo(AgentInstanceRecord.Status.REVOKED);
    assertThat(api.store.instances().get("billing-bot", "i-2")).get().extracting(AgentInstanceRecord::status)
        .isEqualTo(AgentInstanceRecord.Status.ACTIVE);
  }

  @Test
  void revoke_unknownKind_is400NamingTheKinds() {
    var answer = api.post("/revocations", Map.of("kind", "planet", "target", "mars"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().toString()).contains("agent, instance, user, task, txn, token");
  }

  @Test
  void revoke_tokenByItsValue_is400WithoutEchoingIt() {
    String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

    var answer = api.post("/revocations", Map.of("kind", "token", "target", jwt));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().toString()).contains("by its id (jti)").doesNotContain("eyJ");
    assertThat(api.store.revocations().list()).isEmpty();
  }

  @Test
  void revoke_missingTargetOrMalformedUser_is400() {
    assertThat(api.post("/revocations", Map.of("kind", "txn")).status()).isEqualTo(400);
    assertThat(api.post("/revocations", Map.of("kind", "user", "target", "alice")).status()).isEqualTo(400);
    assertThat(api.post("/revocations", Map.of("kind", "instance", "target", "i-1")).status()).isEqualTo(400);
    assertThat(api.post("/revocations", Map.of("kind", "task", "target", "t", "reason", 7)).status()).isEqualTo(400);
    assertThat(api.store.revocations().list()).isEmpty();
  }

  @Test
  void revocations_listsOldestFirst() {
    api.post("/revocations", Map.of("kind", "txn", "target", "txn-1"));
    api.post("/revocations", Map.of("kind", "token", "target", "jti-2"));

    var answer = api.get("/revocations");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(list(answer.json().get("revocations"))).extracting(r -> r.get("kind") + ":" + r.get("target"))
        .containsExactly("txn:txn-1", "token:jti-2");
  }

  @Test
  void revokeInstance_setsRevokedAndAddsAnInstanceRevocationForItsSubject() {
    var answer = api.post("/agents/billing-bot/instances/i-1/revoke", Map.of("reason", "key leaked", "by", "sec"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).containsEntry("id", "i-1").containsEntry("status", "revoked");
    assertThat(api.store.instances().get("billing-bot", "i-1")).get().extracting(AgentInstanceRecord::status)
        .isEqualTo(AgentInstanceRecord.Status.REVOKED);
    assertThat(api.store.revocations().list())
        .containsExactly(new RevocationRecord(RevocationRecord.Kind.INSTANCE, SUBJECT, "key leaked", "sec", NOW));
    assertThat(api.audited("revoked")).singleElement().extracting(AuditRecord::fields)
        .satisfies(f -> assertThat(f).containsEntry("kind", "instance").containsEntry("target", SUBJECT)
            .containsEntry("agent", "billing-bot").containsEntry("instance", "i-1"));
  }

  @Test
  void revokeInstance_unknownInstance_is404() {
    var answer = api.post("/agents/billing-bot/instances/i-9/revoke", Map.of());

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().toString()).contains("agent 'billing-bot' has no instance 'i-9'");
    assertThat(api.store.revocations().list()).isEmpty();
  }

  @Test
  void revocations_withoutTheAdminToken_are401() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      var request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/revocations"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"txn\",\"target\":\"txn-1\"}")).build();
      var response = http.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
    }
    assertThat(api.store.revocations().list()).isEmpty();
  }
}
