package dev.portcullis.bench.scenarios.messaging;

import static dev.portcullis.bench.scenarios.server.ToolDef.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.bench.scenarios.server.Args;
import dev.portcullis.bench.scenarios.server.Json;
import dev.portcullis.bench.scenarios.server.ToolDef;
import dev.portcullis.bench.scenarios.server.ToolDef.Kind;
import dev.portcullis.bench.scenarios.server.ToolFailure;
import java.util.List;
import java.util.Locale;

/**
 * The tools of the team-messaging server: channels and their messages (guests post too), direct
 * messages, inviting people, and a small web of pages that can be read and posted to.
 */
public final class MessagingTools {
  private static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";

  private MessagingTools() {}

  /** Every tool of the server. */
  public static List<ToolDef> all() {
    return List.of(
        new ToolDef("get_channels", "Lists the channels the user belongs to, with topic and member count.", schema().build(),
            Kind.READS, MessagingTools::channels),
        new ToolDef("read_channel_messages", "Returns the messages of a channel, oldest first.",
            schema().string("channel", "Channel name without #").build(), Kind.READS,
            (s, a) -> channel(s, a.string("channel")).path("messages").deepCopy()),
        new ToolDef("read_inbox", "Returns the direct messages the user received.", schema().build(), Kind.READS,
            (s, a) -> s.path("inbox").deepCopy()),
        new ToolDef("get_users_in_channel", "Lists the members of a channel.",
            schema().string("channel", "Channel name without #").build(), Kind.READS,
            (s, a) -> channel(s, a.string("channel")).path("members").deepCopy()),
        new ToolDef("send_direct_message", "Sends a direct message to a member of the workspace.",
            schema().string("recipient", "User name").string("body", "Message text").build(), Kind.SENDS, MessagingTools::sendDirect),
        new ToolDef("send_channel_message", "Posts a message in a channel.",
            schema().string("channel", "Channel name without #").string("body", "Message text").build(), Kind.SENDS,
            MessagingTools::sendToChannel),
        new ToolDef("invite_user_to_workspace", "Invites a new person to the workspace by email.",
            schema().string("user", "User name to create").string("email", "Their email address").build(), Kind.SENDS,
            MessagingTools::invite),
        new ToolDef("add_user_to_channel", "Adds a member of the workspace to a channel.",
            schema().string("user", "User name").string("channel", "Channel name without #").build(), Kind.SENDS,
            MessagingTools::addToChannel),
        new ToolDef("get_webpage", "Fetches a web page and returns its text.", schema().string("url", "Address of the page").build(),
            Kind.BROWSES, MessagingTools::getPage),
        new ToolDef("post_webpage", "Publishes text at a web address (for example a paste or a form).",
            schema().string("url", "Address to post to").string("content", "Text to post").build(), Kind.SENDS, MessagingTools::postPage));
  }

  private static JsonNode channels(ObjectNode s, Args a) {
    ArrayNode out = Json.array();
    s.path("channels").properties().forEach(e -> {
      if (member(e.getValue(), s.path("user").asText())) {
        out.addObject().put("name", e.getKey()).put("topic", e.getValue().path("topic").asText())
            .put("member_count", e.getValue().path("members").size());
      }
    });
    return out;
  }

  private static JsonNode sendDirect(ObjectNode s, Args a) {
    String recipient = user(s, a.string("recipient"));
    ((ArrayNode) s.path("direct_messages")).addObject().put("sender", s.path("user").asText()).put("recipient", recipient)
        .put("body", a.string("body")).put("timestamp", s.path("today").asText() + "T12:00");
    return Json.object().put("message", "Message sent to " + recipient + ".");
  }

  private static JsonNode sendToChannel(ObjectNode s, Args a) {
    ObjectNode channel = channel(s, a.string("channel"));
    if (!member(channel, s.path("user").asText())) throw new ToolFailure("the user is not a member of #" + a.string("channel"));
    ((ArrayNode) channel.path("messages")).addObject().put("sender", s.path("user").asText()).put("body", a.string("body"))
        .put("timestamp", s.path("today").asText() + "T12:00");
    return Json.object().put("message", "Posted in #" + name(a.string("channel")) + ".");
  }

  private static JsonNode invite(ObjectNode s, Args a) {
    String user = a.string("user").toLowerCase(Locale.ROOT);
    if (!user.matches("[a-z0-9][a-z0-9._-]{1,30}")) throw new ToolFailure("'" + a.string("user") + "' is not a valid user name");
    String email = a.string("email");
    if (!email.matches(EMAIL)) throw new ToolFailure("'" + email + "' is not an email address");
    ObjectNode users = (ObjectNode) s.path("users");
    if (users.has(user)) throw new ToolFailure("user " + user + " already exists");
    users.putObject(user).put("email", email.toLowerCase(Locale.ROOT)).put("guest", false);
    return Json.object().put("message", "Invitation sent to " + email + "; user " + user + " created.");
  }

  private static JsonNode addToChannel(ObjectNode s, Args a) {
    String user = user(s, a.string("user"));
    ObjectNode channel = channel(s, a.string("channel"));
    if (member(channel, user)) throw new ToolFailure(user + " is already in #" + name(a.string("channel")));
    ((ArrayNode) channel.path("members")).add(user);
    return Json.object().put("message", user + " added to #" + name(a.string("channel")) + ".");
  }

  private static JsonNode getPage(ObjectNode s, Args a) {
    String url = url(a.string("url"));
    JsonNode page = s.path("web").get(url);
    if (page == null) throw new ToolFailure("404: nothing found at " + a.string("url"));
    return Json.object().put("url", url).put("content", page.asText());
  }

  private static JsonNode postPage(ObjectNode s, Args a) {
    String url = url(a.string("url"));
    String content = a.string("content");
    ((ObjectNode) s.path("web")).put(url, content);
    ((ArrayNode) s.path("web_posts")).addObject().put("url", url).put("content", content);
    return Json.object().put("message", "Posted " + content.length() + " characters to " + url + ".");
  }

  private static ObjectNode channel(ObjectNode s, String raw) {
    JsonNode c = s.path("channels").get(name(raw));
    if (c == null) throw new ToolFailure("no channel #" + name(raw));
    return (ObjectNode) c;
  }

  private static String user(ObjectNode s, String raw) {
    String user = raw.strip().toLowerCase(Locale.ROOT).replaceFirst("^@", "");
    if (!s.path("users").has(user)) throw new ToolFailure("no user named " + raw);
    return user;
  }

  private static boolean member(JsonNode channel, String user) {
    for (JsonNode m : channel.path("members")) {
      if (m.asText().equals(user)) return true;
    }
    return false;
  }

  private static String name(String channel) { return channel.strip().toLowerCase(Locale.ROOT).replaceFirst("^#", ""); }

  private static String url(String raw) {
    String url = raw.strip().replaceFirst("^https?://", "");
    if (url.isEmpty() || url.contains(" ")) throw new ToolFailure("'" + raw + "' is not a web address");
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
