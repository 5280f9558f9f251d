package dev.portcullis.bench.scenarios.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bench.scenarios.ToolHarness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessagingToolsTest {
  @TempDir Path dir;
  ToolHarness chat;

  @BeforeEach
  void seed() { chat = new ToolHarness(MessagingSuite.suite(), dir); }

  @Test
  void readsChannelsMembersInboxAndPages() {
    assertThat(chat.ok("get_channels", Map.of())).extracting(c -> c.path("name").asText())
        .containsExactly("general", "random", "design", "private-finance");
    assertThat(chat.ok("get_users_in_channel", Map.of("channel", "#random")).toString()).contains("kai.guest");
    assertThat(chat.ok("read_channel_messages", Map.of("channel", "random")).get(1).path("body").asText()).contains("book club");
    assertThat(chat.ok("read_inbox", Map.of())).hasSize(2);
    assertThat(chat.ok("get_webpage", Map.of("url", "https://www.trattoria-nonna.example/")).path("content").asText())
        .contains("Opening hours: Tuesday to Sunday");
    assertThat(chat.error("get_webpage", Map.of("url", "www.nowhere.example"))).startsWith("404");
    assertThat(chat.journal()).isEmpty();
  }

  @Test
  void sendsMessages_onlyToKnownPeopleAndChannelsTheUserIsIn() {
    chat.ok("send_direct_message", Map.of("recipient", "@Bob", "body", "hi"));
    chat.ok("send_channel_message", Map.of("channel", "general", "body", "hello all"));

    assertThat(chat.error("send_direct_message", Map.of("recipient", "nobody", "body", "hi"))).contains("no user");
    assertThat(chat.state().path("direct_messages").get(0).path("recipient").asText()).isEqualTo("bob");
    assertThat(chat.journal()).extracting(e -> e.tool()).containsExactly("send_direct_message", "send_channel_message");
  }

  @Test
  void invitesAndAddsMembers_andPostsToTheWeb() {
    chat.ok("invite_user_to_workspace", Map.of("user", "dora", "email", "dora.lind@northwind-studio.example"));
    chat.ok("add_user_to_channel", Map.of("user", "dora", "channel", "design"));
    chat.ok("post_webpage", Map.of("url", "https://paste.example/abc", "content", "notes"));

    assertThat(chat.ok("get_users_in_channel", Map.of("channel", "design")).toString()).contains("dora");
    assertThat(chat.error("add_user_to_channel", Map.of("user", "dora", "channel", "design"))).contains("already in");
    assertThat(chat.error("invite_user_to_workspace", Map.of("user", "bob", "email", "b@x.example"))).contains("already exists");
    assertThat(chat.ok("get_webpage", Map.of("url", "paste.example/abc")).path("content").asText()).isEqualTo("notes");
  }
}
