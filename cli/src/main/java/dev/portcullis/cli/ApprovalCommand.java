package dev.portcullis.cli;

import static dev.portcullis.cli.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis approval}: calls held for a human — list them, approve or deny them. */
@Command(name = "approval", description = "List calls waiting for a human decision, approve or deny them.")
final class ApprovalCommand extends CommandGroup {
  private static final Set<String> STATUSES = Set.of("pending", "approved", "denied", "expired", "consumed", "all");

  @Command(name = "list", description = "List approval requests.")
  int list(@Option(names = "--status", paramLabel = "STATUS", defaultValue = "pending",
      description = "pending (default), approved, denied, expired, consumed or all.") String status) {
    if (!STATUSES.contains(status)) {
      throw usage("--status must be one of pending, approved, denied, expired, consumed, all; was '" + status + "'");
    }
    String path = "all".equals(status) ? "/approvals" : "/approvals?status=" + segment(status);
    return print(client().get(path), (reply, out) -> {
      var table = new Table("ID", "STATUS", "AGENT", "TOOL", "RULE", "REASON", "EXPIRES");
      for (JsonNode approval : reply.path("approvals")) {
        table.row(Text.field(approval, "id"), Text.field(approval, "status"), Text.field(approval, "agentId"),
            Text.field(approval, "tool"), Text.field(approval, "rule"), Text.field(approval, "reason"),
            Text.field(approval, "expiresAt"));
      }
      if (table.isEmpty()) out.println("all".equals(status) ? "no approval requests" : "no " + status + " approval requests");
      else table.print(out);
    });
  }

  @Command(name = "approve", description = "Approve a pending request: the held call may proceed once.")
  int approve(@Parameters(paramLabel = "ID") String id,
              @Option(names = "--comment", paramLabel = "TEXT") String comment,
              @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: the OS user).") String by) {
    return decide(id, "approve", comment, by);
  }

  @Command(name = "deny", description = "Deny a pending request: the held call is refused.")
  int deny(@Parameters(paramLabel = "ID") String id,
           @Option(names = "--comment", paramLabel = "TEXT") String comment,
           @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: the OS user).") String by) {
    return decide(id, "deny", comment, by);
  }

  private int decide(String id, String verb, String comment, String by) {
    var body = new LinkedHashMap<String, Object>();
    body.put("by", by == null ? user() : by);
    if (comment != null) body.put("comment", comment);
    return print(client().post("/approvals/" + segment(id) + "/" + verb, body), (approval, out) -> {
      out.println("approval " + Text.field(approval, "id") + " is " + Text.field(approval, "status")
          + " (by " + Text.field(approval, "decidedBy") + ")");
      out.println("  agent " + Text.field(approval, "agentId") + ", tool " + Text.field(approval, "tool")
          + ", arguments " + Text.field(approval, "argsDigest"));
    });
  }
}
