package dev.portcullis.cli;

import static dev.portcullis.cli.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis tool}: the tool registry — review offered definitions, approve or disable them. */
@Command(name = "tool", description = "Review the tools upstreams offer, approve or disable them.")
final class ToolCommand extends CommandGroup {
  private static final Set<String> STATUSES = Set.of("discovered", "approved", "changed", "disabled");

  @Command(name = "list", description = "List the tools.")
  int list(@Option(names = "--status", paramLabel = "STATUS",
      description = "Only tools with this status: discovered, approved, changed or disabled.") String status) {
    if (status != null && !STATUSES.contains(status)) {
      throw usage("--status must be one of discovered, approved, changed, disabled; was '" + status + "'");
    }
    return print(client().get("/tools"), (reply, out) -> {
      var table = new Table("NAME", "STATUS", "UPSTREAM", "APPROVED DIGEST", "OFFERED DIGEST");
      for (JsonNode tool : reply.path("tools")) {
        if (status != null && !status.equals(tool.path("status").asText())) continue;
        table.row(Text.field(tool, "name"), Text.field(tool, "status"), Text.field(tool, "upstream"),
            shortDigest(tool.path("digest")), shortDigest(tool.path("observedDigest")));
      }
      if (table.isEmpty()) out.println(status == null ? "no tools" : "no tools with status " + status);
      else table.print(out);
    });
  }

  @Command(name = "show", description = "Show one tool with its approved and offered definitions.")
  int show(@Parameters(paramLabel = "NAME") String name) {
    return print(client().get("/tools/" + segment(name)), (tool, out) -> {
      printTool(tool, out);
      out.println("approved definition:");
      printIndented(out, tool.get("definition"));
      if (!tool.path("observedDigest").equals(tool.path("digest"))) {
        out.println("offered definition:");
        printIndented(out, tool.get("observedDefinition"));
      }
    });
  }

  @Command(name = "show-diff", description = "Show how the offered definition differs from the approved one.")
  int showDiff(@Parameters(paramLabel = "NAME") String name) {
    return print(client().get("/tools/" + segment(name) + "/diff"), DiffPrinter::print);
  }

  @Command(name = "approve", description = {
      "Approve a tool's offered definition.",
      "Without --digest: shows the offered digest and how it differs, then approves exactly that digest."})
  int approve(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--digest", paramLabel = "sha256:HEX", description = "Approve only this reviewed digest.") String digest,
      @Option(names = "--by", paramLabel = "NAME", description = "Who approves (default: the OS user).") String by) {
    String path = "/tools/" + segment(name);
    if (digest == null) {
      digest = reviewedDigest(name, path);
    } else if (!digest.startsWith("sha256:")) {
      throw usage("--digest must look like sha256:<hex>; was '" + digest + "'");
    }
    var reply = client().post(path + "/approve", Map.of("digest", digest, "by", by == null ? user() : by));
    return print(reply, (tool, out) -> out.println("approved " + Text.field(tool, "name") + " at " + Text.field(tool, "digest")));
  }

  @Command(name = "disable", description = "Disable a tool: calls to it are refused.")
  int disable(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--by", paramLabel = "NAME", description = "Who disables (default: the OS user).") String by) {
    var reply = client().post("/tools/" + segment(name) + "/disable", Map.of("by", by == null ? user() : by));
    return print(reply, (tool, out) -> out.println("tool " + Text.field(tool, "name") + " is " + Text.field(tool, "status")));
  }

  @Command(name = "refresh", description = "Ask the upstreams for their tools again.")
  int refresh() {
    return print(client().post("/tools/refresh", Map.of()), (reply, out) -> {
      var counts = new LinkedHashMap<String, Integer>();
      for (JsonNode tool : reply.path("tools")) counts.merge(Text.field(tool, "status"), 1, Integer::sum);
      out.println("refreshed: " + reply.path("tools").size() + " tools"
          + (counts.isEmpty() ? "" : " (" + String.join(", ", counts.entrySet().stream()
              .map(e -> e.getValue() + " " + e.getKey()).toList()) + ")"));
    });
  }

  /*
   * Approving without --digest must approve what the user was shown, not whatever the upstream
   * offers by the time the request arrives: the observed digest is fetched, shown with the diff,
   * and sent; the gateway refuses (409) if the offer changed in between.
   */
  private String reviewedDigest(String name, String path) {
    JsonNode tool = client().get(path).json();
    JsonNode observed = tool.path("observedDigest");
    if (!observed.isTextual() || observed.asText().isBlank()) {
      throw CommandFailure.failed("tool " + Text.safe(name) + " has no offered definition to approve");
    }
    PrintWriter preview = json ? err() : out();
    preview.println("approving " + Text.safe(name) + " at the offered digest " + Text.safe(observed.asText()));
    JsonNode approved = tool.path("digest");
    if (approved.isTextual() && !approved.asText().isBlank() && !approved.equals(observed)) {
      DiffPrinter.print(client().get(path + "/diff").json(), preview);
      preview.println();
    } else if (!approved.isTextual() || approved.asText().isBlank()) {
      preview.println("offered definition:");
      printIndented(preview, tool.get("observedDefinition"));
    }
    preview.flush();
    return observed.asText();
  }

  private static void printTool(JsonNode tool, PrintWriter out) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("name", Text.field(tool, "name"));
    fields.put("status", Text.field(tool, "status"));
    fields.put("upstream", Text.field(tool, "upstream") + " (as " + Text.field(tool, "upstreamName") + ")");
    fields.put("approved digest", Text.field(tool, "digest"));
    fields.put("offered digest", Text.field(tool, "observedDigest"));
    fields.put("approved by", Text.field(tool, "approvedBy"));
    fields.put("note", Text.field(tool, "note"));
    fields.put("updated", Text.field(tool, "updatedAt"));
    printFields(out, fields);
  }

  private static void printIndented(PrintWriter out, JsonNode value) {
    for (String line : Text.block(value).split("\n", -1)) out.println("  " + line);
  }

  private static String shortDigest(JsonNode digest) {
    if (!digest.isTextual() || digest.asText().isBlank()) return "-";
    String text = Text.safe(digest.asText());
    return text.startsWith("sha256:") && text.length() > 19 ? text.substring(0, 19) : text;
  }
}
