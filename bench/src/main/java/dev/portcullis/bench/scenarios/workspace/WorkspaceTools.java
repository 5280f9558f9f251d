package dev.portcullis.bench.scenarios.workspace;

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
 * The tools of the office-workspace server: a mailbox, a calendar that also holds invitations
 * from outside, a cloud drive with files others shared, and the user's own address book.
 */
public final class WorkspaceTools {
  private static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
  private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}";

  private WorkspaceTools() {}

  /** Every tool of the server. */
  public static List<ToolDef> all() {
    return List.of(
        new ToolDef("list_emails", "Lists the newest emails in the inbox: id, sender, subject, time and whether they were read.",
            schema().optionalInteger("limit", "How many emails (default 10)").build(), Kind.READS, WorkspaceTools::listEmails),
        new ToolDef("search_emails", "Finds emails whose subject or body contains the query; returns them in full.",
            schema().string("query", "Text to look for").optionalString("sender", "Only emails from this address").build(),
            Kind.READS, WorkspaceTools::searchEmails),
        new ToolDef("read_email", "Returns one email in full.", schema().string("email_id", "Id of the email").build(), Kind.READS,
            (s, a) -> byId(s, "emails", a.string("email_id"), "email").deepCopy()),
        new ToolDef("send_email", "Sends an email from the user's address.",
            schema().strings("recipients", "Email addresses of the recipients").string("subject", "Subject")
                .string("body", "Body text").optionalStrings("cc", "Addresses to copy").build(),
            Kind.SENDS, WorkspaceTools::sendEmail),
        new ToolDef("search_contacts", "Finds people in the user's address book by name or address; no query lists everyone.",
            schema().optionalString("query", "Name or address to look for").build(), Kind.READS, WorkspaceTools::searchContacts),
        new ToolDef("search_calendar_events", "Finds calendar events by text in title or description, or by day.",
            schema().optionalString("query", "Text to look for").optionalString("date", "Day, YYYY-MM-DD").build(),
            Kind.READS, WorkspaceTools::searchEvents),
        new ToolDef("create_calendar_event", "Creates a calendar event and sends invitations to its participants.",
            schema().string("title", "Title").string("start_time", "Start, YYYY-MM-DDTHH:MM").string("end_time", "End, YYYY-MM-DDTHH:MM")
                .optionalString("description", "Description").optionalString("location", "Location")
                .optionalStrings("participants", "Email addresses to invite").build(),
            Kind.SENDS, WorkspaceTools::createEvent),
        new ToolDef("add_calendar_event_participants", "Invites more people to an existing event.",
            schema().string("event_id", "Id of the event").strings("participants", "Email addresses to invite").build(),
            Kind.SENDS, WorkspaceTools::addParticipants),
        new ToolDef("search_files", "Finds files on the cloud drive whose name or content contains the query; returns their metadata.",
            schema().string("query", "Text to look for").build(), Kind.READS, WorkspaceTools::searchFiles),
        new ToolDef("read_file", "Returns a file from the cloud drive with its content.",
            schema().string("file_id", "Id of the file").build(), Kind.READS, (s, a) -> byId(s, "files", a.string("file_id"), "file").deepCopy()),
        new ToolDef("share_file", "Shares a file on the cloud drive with someone, read-only (r) or with edit rights (rw).",
            schema().string("file_id", "Id of the file").string("email", "Address to share with")
                .string("permission", "r or rw").build(),
            Kind.SENDS, WorkspaceTools::shareFile),
        new ToolDef("delete_file", "Deletes a file from the cloud drive for good.",
            schema().string("file_id", "Id of the file").build(), Kind.DESTROYS, WorkspaceTools::deleteFile));
  }

  private static JsonNode listEmails(ObjectNode s, Args a) {
    int limit = a.integer("limit", 10);
    if (limit < 1 || limit > 50) throw new ToolFailure("limit must be between 1 and 50");
    ArrayNode out = Json.array();
    ArrayNode emails = (ArrayNode) s.path("emails");
    for (int i = emails.size() - 1; i >= 0 && out.size() < limit; i--) {
      JsonNode e = emails.get(i);
      if (e.path("sender").asText().equals(s.path("user").path("email").asText())) continue;
      out.addObject().put("id", e.path("id").asText()).put("sender", e.path("sender").asText())
          .put("subject", e.path("subject").asText()).put("timestamp", e.path("timestamp").asText())
          .put("read", e.path("read").asBoolean());
    }
    return out;
  }

  private static JsonNode searchEmails(ObjectNode s, Args a) {
    String query = lower(a.string("query"));
    String sender = a.optionalString("sender");
    ArrayNode out = Json.array();
    for (JsonNode e : s.path("emails")) {
      boolean text = lower(e.path("subject").asText()).contains(query) || lower(e.path("body").asText()).contains(query);
      if (text && (sender == null || e.path("sender").asText().equalsIgnoreCase(sender))) out.add(e);
    }
    if (out.isEmpty()) throw new ToolFailure("no email matches '" + a.string("query") + "'");
    return out;
  }

  private static JsonNode sendEmail(ObjectNode s, Args a) {
    List<String> recipients = addresses(a.strings("recipients"));
    List<String> cc = addresses(a.optionalStrings("cc"));
    ArrayNode emails = (ArrayNode) s.path("emails");
    String id = Integer.toString(emails.size() + 1);
    ObjectNode e = emails.addObject();
    e.put("id", id).put("sender", s.path("user").path("email").asText());
    recipients.forEach(e.putArray("recipients")::add);
    cc.forEach(e.putArray("cc")::add);
    e.put("subject", a.string("subject")).put("body", a.string("body")).put("timestamp", s.path("today").asText() + "T12:00:00")
        .put("read", true);
    return Json.object().put("message", "Email sent to " + String.join(", ", recipients) + ".").put("id", id);
  }

  private static JsonNode searchContacts(ObjectNode s, Args a) {
    String query = a.optionalString("query");
    ArrayNode out = Json.array();
    for (JsonNode c : s.path("contacts")) {
      if (query == null || query.isBlank() || lower(c.path("name").asText()).contains(lower(query))
          || lower(c.path("email").asText()).contains(lower(query))) {
        out.add(c);
      }
    }
    if (out.isEmpty()) throw new ToolFailure("no contact matches '" + query + "'");
    return out;
  }

  private static JsonNode searchEvents(ObjectNode s, Args a) {
    String query = a.optionalString("query");
    String date = a.optionalString("date");
    if ((query == null || query.isBlank()) && date == null) throw new ToolFailure("give a query, a date or both");
    ArrayNode out = Json.array();
    for (JsonNode e : s.path("events")) {
      boolean text = query == null || lower(e.path("title").asText()).contains(lower(query))
          || lower(e.path("description").asText()).contains(lower(query));
      boolean day = date == null || e.path("start_time").asText().startsWith(date);
      if (text && day) out.add(e);
    }
    if (out.isEmpty()) throw new ToolFailure("no event matches");
    return out;
  }

  private static JsonNode createEvent(ObjectNode s, Args a) {
    String start = time(a.string("start_time"));
    String end = time(a.string("end_time"));
    if (end.compareTo(start) <= 0) throw new ToolFailure("the event must end after it starts");
    ArrayNode events = (ArrayNode) s.path("events");
    String id = Integer.toString(events.size() + 1);
    ObjectNode e = events.addObject();
    String user = s.path("user").path("email").asText();
    e.put("id", id).put("title", a.string("title")).put("description", nullToEmpty(a.optionalString("description")))
        .put("start_time", start).put("end_time", end).put("location", nullToEmpty(a.optionalString("location"))).put("organizer", user);
    ArrayNode participants = e.putArray("participants");
    participants.add(user);
    addresses(a.optionalStrings("participants")).forEach(participants::add);
    return Json.object().put("message", "Event created; invitations sent.").put("id", id);
  }

  private static JsonNode addParticipants(ObjectNode s, Args a) {
    ObjectNode e = byId(s, "events", a.string("event_id"), "event");
    ArrayNode participants = (ArrayNode) e.path("participants");
    for (String p : addresses(a.strings("participants"))) participants.add(p);
    return Json.object().put("message", "Invitations sent.");
  }

  private static JsonNode searchFiles(ObjectNode s, Args a) {
    String query = lower(a.string("query"));
    ArrayNode out = Json.array();
    for (JsonNode f : s.path("files")) {
      if (lower(f.path("filename").asText()).contains(query) || lower(f.path("content").asText()).contains(query)) {
        out.addObject().put("id", f.path("id").asText()).put("filename", f.path("filename").asText())
            .put("owner", f.path("owner").asText()).put("last_modified", f.path("last_modified").asText())
            .put("size", f.path("content").asText().length());
      }
    }
    if (out.isEmpty()) throw new ToolFailure("no file matches '" + a.string("query") + "'");
    return out;
  }

  private static JsonNode shareFile(ObjectNode s, Args a) {
    ObjectNode f = byId(s, "files", a.string("file_id"), "file");
    String email = addresses(List.of(a.string("email"))).getFirst();
    String permission = a.string("permission");
    if (!permission.equals("r") && !permission.equals("rw")) throw new ToolFailure("permission must be r or rw");
    ((ObjectNode) f.path("shared_with")).put(email, permission);
    return Json.object().put("message", f.path("filename").asText() + " shared with " + email + " (" + permission + ").");
  }

  private static JsonNode deleteFile(ObjectNode s, Args a) {
    ArrayNode files = (ArrayNode) s.path("files");
    String id = a.string("file_id");
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).path("id").asText().equals(id)) {
        String name = files.get(i).path("filename").asText();
        files.remove(i);
        return Json.object().put("message", name + " deleted.");
      }
    }
    throw new ToolFailure("no file with id " + id);
  }

  private static ObjectNode byId(ObjectNode s, String array, String id, String what) {
    for (JsonNode n : s.path(array)) {
      if (n.path("id").asText().equals(id)) return (ObjectNode) n;
    }
    throw new ToolFailure("no " + what + " with id " + id);
  }

  private static List<String> addresses(List<String> raw) {
    for (String r : raw) {
      if (!r.matches(EMAIL)) throw new ToolFailure("'" + r + "' is not an email address");
    }
    return raw.stream().map(r -> r.toLowerCase(Locale.ROOT)).toList();
  }

  private static String time(String value) {
    if (!value.matches(TIME)) throw new ToolFailure("times are written YYYY-MM-DDTHH:MM, not '" + value + "'");
    return value;
  }

  private static String lower(String s) { return s.toLowerCase(Locale.ROOT); }

  private static String nullToEmpty(String s) { return s == null ? "" : s; }
}
