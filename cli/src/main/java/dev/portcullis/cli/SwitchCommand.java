package dev.portcullis.cli;

import static dev.portcullis.cli.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis switch}: kill switches — list, engage and release them. */
@Command(name = "switch", description = "List, engage and release kill switches.")
final class SwitchCommand extends CommandGroup {

  @Command(name = "list", description = "List the engaged kill switches.")
  int list() {
    return print(client().get("/switches"), (reply, out) -> {
      var table = new Table("SCOPE", "TARGET", "REASON", "BY", "AT");
      for (JsonNode engaged : reply.path("switches")) {
        table.row(Text.field(engaged, "scope"), Text.field(engaged, "target"), Text.field(engaged, "reason"),
            Text.field(engaged, "by"), Text.field(engaged, "at"));
      }
      if (table.isEmpty()) out.println("no kill switch engaged");
      else table.print(out);
    });
  }

  @Command(name = "engage", description = "Engage a kill switch: matching calls are refused at once.")
  int engage(
      @Parameters(index = "0", paramLabel = "SCOPE", description = "What the target names, e.g. agent, tool, upstream or global.") String scope,
      @Parameters(index = "1", paramLabel = "TARGET") String target,
      @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason,
      @Option(names = "--by", paramLabel = "NAME", description = "Who engages it (default: the OS user).") String by) {
    var body = new LinkedHashMap<String, Object>();
    body.put("scope", scope);
    body.put("target", target);
    body.put("reason", reason);
    body.put("by", by == null ? user() : by);
    return print(client().post("/switches", body),
        (reply, out) -> out.println("kill switch engaged: " + Text.safe(scope) + " " + Text.safe(target)));
  }

  @Command(name = "release", description = "Release an engaged kill switch.")
  int release(@Parameters(index = "0", paramLabel = "SCOPE") String scope,
              @Parameters(index = "1", paramLabel = "TARGET") String target) {
    return print(client().delete("/switches/" + segment(scope) + "/" + segment(target)),
        (reply, out) -> out.println("kill switch released: " + Text.safe(scope) + " " + Text.safe(target)));
  }
}
