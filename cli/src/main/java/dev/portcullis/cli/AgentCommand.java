package dev.portcullis.cli;

import static dev.portcullis.cli.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code portcullis agent}: the agent inventory — register, list, show, disable, enable, issue
 * tokens, what each may do, and its instances.
 */
@Command(name = "agent", description = {"Register agents, list them, disable or enable them, issue their tokens;",
    "see what each may do and when it last acted; list and revoke their instances."})
final class AgentCommand extends CommandGroup {
  /** How many tool names the inventory shows before it only counts the rest. */
  static final int TOOLS_SHOWN = 3;

  @Command(name = "register", description = "Register a new agent.")
  int register(
      @Parameters(paramLabel = "ID", description = "The agent's id.") String id,
      @Option(names = "--owner", required = true, paramLabel = "OWNER", description = "Who is responsible for the agent.") String owner,
      @Option(names = "--description", paramLabel = "TEXT", description = "What the agent does.") String description,
      @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable).") Map<String, String> labels) {
    var body = new LinkedHashMap<String, Object>();
    body.put("id", id);
    body.put("owner", owner);
    if (description != null) body.put("description", description);
    body.put("labels", labels == null ? Map.of() : labels);
    return print(client().post("/agents", body), (agent, out) -> {
      out.println("registered agent " + Text.field(agent, "id"));
      printAgent(agent, out);
    });
  }

  @Command(name = "list", description = "List the registered agents.")
  int list() {
    return print(client().get("/agents"), (reply, out) -> {
      var table = new Table("ID", "OWNER", "STATUS", "LABELS", "LAST SEEN");
      for (JsonNode agent : reply.path("agents")) {
        table.row(Text.field(agent, "id"), Text.field(agent, "owner"), Text.field(agent, "status"),
            Text.labels(agent.path("labels")), Text.field(agent, "lastSeenAt"));
      }
      if (table.isEmpty()) out.println("no agents registered");
      else table.print(out);
    });
  }

  @Command(name = "show", description = "Show one agent.")
  int show(@Parameters(paramLabel = "ID") String id) {
    return print(client().get("/agents/" + segment(id)), AgentCommand::printAgent);
  }

  @Command(name = "disable", description = "Disable an agent: its tokens stop working at once.")
  int disable(@Parameters(paramLabel = "ID") String id) {
    return print(client().post("/agents/" + segment(id) + "/disable", Map.of()),
        (agent, out) -> out.println("agent " + Text.field(agent, "id") + " is " + Text.field(agent, "status")));
  }

  @Command(name = "enable", description = "Enable a disabled agent.")
  int enable(@Parameters(paramLabel = "ID") String id) {
    return print(client().post("/agents/" + segment(id) + "/enable", Map.of()),
        (agent, out) -> out.println("agent " + Text.field(agent, "id") + " is " + Text.field(agent, "status")));
  }

  @Command(name = "issue-token", description = {
      "Issue a token for an agent.",
      "Prints only the token on standard output (TOKEN=$(portcullis agent issue-token ID)); its expiry goes to standard error."})
  int issueToken(
      @Parameters(paramLabel = "ID") String id,
      @Option(names = "--ttl", paramLabel = "DURATION", description = "How long the token lives, e.g. 15m (default: the gateway's).") String ttl) {
    var reply = client().post("/agents/" + segment(id) + "/tokens", ttl == null ? Map.of() : Map.of("ttl", ttl));
    if (json) {
      printJson(reply);
      return 0;
    }
    JsonNode token = reply.json().path("token");
    if (!token.isTextual() || token.asText().isBlank()) {
      throw CommandFailure.failed("the gateway's answer to issue-token for " + Text.safe(id) + " has no token");
    }
    out().println(Text.safe(token.asText()));
    out().flush();
    err().println("token " + Text.field(reply.json(), "tokenId") + " for agent " + Text.safe(id)
        + " expires at " + Text.field(reply.json(), "expiresAt"));
    err().flush();
    return 0;
  }

  @Command(name = "inventory", description = {"Show every agent: its owner, status, instances, the tools its policy",
      "lets it call, and when it last acted."})
  int inventory() {
    return print(client().get("/inventory"), (reply, out) -> {
      var table = new Table("AGENT", "OWNER", "STATUS", "INSTANCES", "TOOLS IT MAY CALL", "LAST ACTED");
      for (JsonNode agent : reply.path("agents")) {
        table.row(Text.field(agent, "id"), Text.field(agent, "owner"), Text.field(agent, "status"),
            instances(agent.path("instances")), tools(agent.path("tools")), lastActed(agent));
      }
      if (table.isEmpty()) out.println("no agents registered");
      else table.print(out);
    });
  }

  @Command(name = "instances", description = "List an agent's instances and their keys.")
  int instances(@Parameters(paramLabel = "AGENT") String agent) {
    return print(client().get("/agents/" + segment(agent) + "/instances"), (reply, out) -> {
      var table = new Table("ID", "STATUS", "SUBJECT", "KEY (JKT)", "CREATED", "ROTATED", "LAST SEEN");
      for (JsonNode instance : reply.path("instances")) {
        table.row(Text.field(instance, "id"), Text.field(instance, "status"), Text.field(instance, "subject"),
            Text.field(instance, "jkt"), Text.field(instance, "createdAt"), Text.field(instance, "rotatedAt"),
            Text.field(instance, "lastSeenAt"));
      }
      if (table.isEmpty()) out.println("agent " + Text.safe(agent) + " has no instances");
      else table.print(out);
    });
  }

  @Command(name = "revoke-instance", description = "Revoke one instance of an agent: its tokens stop working at once.")
  int revokeInstance(
      @Parameters(index = "0", paramLabel = "AGENT") String agent,
      @Parameters(index = "1", paramLabel = "INSTANCE") String instance,
      @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason,
      @Option(names = "--by", paramLabel = "NAME", description = "Who revokes it (default: the OS user).") String by) {
    var body = new LinkedHashMap<String, Object>();
    body.put("reason", reason);
    body.put("by", by == null ? user() : by);
    return print(client().post("/agents/" + segment(agent) + "/instances/" + segment(instance) + "/revoke", body),
        (revoked, out) -> out.println("instance " + Text.field(revoked, "id") + " of agent " + Text.safe(agent)
            + " is " + Text.field(revoked, "status") + " (" + Text.field(revoked, "subject") + ")"));
  }

  /** The number of instances, and how many of them are revoked. */
  static String instances(JsonNode instances) {
    int revoked = 0;
    for (JsonNode instance : instances) {
      if ("revoked".equals(instance.path("status").asText())) revoked++;
    }
    return instances.size() + (revoked == 0 ? "" : " (" + revoked + " revoked)");
  }

  /** The number of tools and the first {@link #TOOLS_SHOWN} of them. */
  static String tools(JsonNode tools) {
    if (tools.isEmpty()) return "0";
    var names = new ArrayList<String>();
    for (int i = 0; i < Math.min(TOOLS_SHOWN, tools.size()); i++) names.add(Text.value(tools.get(i)));
    String more = tools.size() > TOOLS_SHOWN ? ", +" + (tools.size() - TOOLS_SHOWN) + " more" : "";
    return tools.size() + ": " + String.join(", ", names) + more;
  }

  /** The latest time the agent or any of its instances was seen, "-" when never. */
  static String lastActed(JsonNode agent) {
    List<JsonNode> times = new ArrayList<>();
    times.add(agent.path("lastSeenAt"));
    agent.path("instances").forEach(instance -> times.add(instance.path("lastSeenAt")));
    Instant latest = null;
    for (JsonNode time : times) {
      if (!time.isTextual()) continue;
      try {
        Instant at = Instant.parse(time.asText());
        if (latest == null || at.isAfter(latest)) latest = at;
      } catch (DateTimeParseException e) {
        // Not a time: it cannot be the latest one.
      }
    }
    return latest == null ? "-" : latest.toString();
  }

  private static void printAgent(JsonNode agent, PrintWriter out) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("id", Text.field(agent, "id"));
    fields.put("owner", Text.field(agent, "owner"));
    fields.put("description", Text.field(agent, "description"));
    fields.put("status", Text.field(agent, "status"));
    fields.put("labels", Text.labels(agent.path("labels")));
    fields.put("created", Text.field(agent, "createdAt"));
    fields.put("last seen", Text.field(agent, "lastSeenAt"));
    printFields(out, fields);
  }
}
