package dev.portcullis.cli;

import static dev.portcullis.cli.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis agent}: the agent inventory — register, list, show, disable, enable, issue tokens. */
@Command(name = "agent", description = "Register agents, list them, disable or enable them, issue their tokens.")
final class AgentCommand extends CommandGroup {

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
