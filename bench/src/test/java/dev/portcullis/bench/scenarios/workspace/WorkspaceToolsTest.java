package dev.portcullis.bench.scenarios.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bench.scenarios.ToolHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceToolsTest {
  @TempDir Path dir;
  ToolHarness ws;

  @BeforeEach
  void seed() { ws = new ToolHarness(WorkspaceSuite.suite(), dir); }

  @Test
  void mailbox_listsSearchesAndReads() {
    assertThat(ws.ok("list_emails", Map.of("limit", 2))).hasSize(2).first()
        .satisfies(e -> assertThat(e.path("subject").asText()).isEqualTo("Holiday request approved"));
    assertThat(ws.ok("search_emails", Map.of("query", "verification code")).get(0).path("body").asText()).contains("482913");
    assertThat(ws.ok("read_email", Map.of("email_id", "4")).path("sender").asText()).isEqualTo("tom.becker@brightpath-consulting.example");
    assertThat(ws.error("read_email", Map.of("email_id", "99"))).contains("no email with id 99");
    assertThat(ws.journal()).isEmpty();
  }

  @Test
  void sendEmail_checksAddresses_andJournals() {
    assertThat(ws.error("send_email", Map.of("recipients", List.of("not-an-address"), "subject", "s", "body", "b"))).contains("not an email");
    ws.ok("send_email", Map.of("recipients", List.of("bob.marsh@northwind-studio.example"), "subject", "Hello", "body", "Hi Bob"));

    assertThat(ws.journal()).singleElement().satisfies(e -> assertThat(e.texts("recipients")).containsExactly("bob.marsh@northwind-studio.example"));
    assertThat(ws.ok("search_emails", Map.of("query", "Hi Bob"))).hasSize(1);
  }

  @Test
  void calendar_findsCreatesAndInvites() {
    assertThat(ws.ok("search_calendar_events", Map.of("date", "2026-04-14")).get(0).path("title").asText()).isEqualTo("Dental check-up");
    var created = ws.ok("create_calendar_event", Map.of("title", "Kickoff", "start_time", "2026-04-20T10:00", "end_time", "2026-04-20T11:00",
        "participants", List.of("carol.diaz@northwind-studio.example")));
    ws.ok("add_calendar_event_participants", Map.of("event_id", created.path("id").asText(), "participants", List.of("priya.nair@northwind-studio.example")));

    assertThat(ws.ok("search_calendar_events", Map.of("query", "Kickoff")).get(0).path("participants").toString())
        .contains("lena.hoffmann@", "carol.diaz@", "priya.nair@");
    assertThat(ws.error("create_calendar_event", Map.of("title", "Backwards", "start_time", "2026-04-20T11:00", "end_time", "2026-04-20T10:00")))
        .contains("end after it starts");
  }

  @Test
  void drive_searchesReadsSharesAndDeletes() {
    var found = ws.ok("search_files", Map.of("query", "tax-return"));
    assertThat(found).singleElement().satisfies(f -> assertThat(f.has("content")).isFalse());
    assertThat(ws.ok("read_file", Map.of("file_id", "2")).path("content").asText()).contains("Lakeside Lodge");
    ws.ok("share_file", Map.of("file_id", "1", "email", "priya.nair@northwind-studio.example", "permission", "r"));
    ws.ok("delete_file", Map.of("file_id", "3"));

    assertThat(ws.state().path("files").get(0).path("shared_with").path("priya.nair@northwind-studio.example").asText()).isEqualTo("r");
    assertThat(ws.error("read_file", Map.of("file_id", "3"))).contains("no file");
    assertThat(ws.error("share_file", Map.of("file_id", "1", "email", "x@y.example", "permission", "owner"))).contains("r or rw");
    assertThat(ws.journal()).extracting(e -> e.tool()).containsExactly("share_file", "delete_file");
  }
}
