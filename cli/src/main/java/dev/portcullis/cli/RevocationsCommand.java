package dev.portcullis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code portcullis revocations}: every revocation, oldest first. */
@Command(name = "revocations", description = "List the revocations, oldest first.")
final class RevocationsCommand extends CommandGroup {

  /** Lists the revocations. */
  @Override
  public Integer call() {
    return print(client().get("/revocations"), (reply, out) -> {
      var table = new Table("KIND", "TARGET", "REASON", "BY", "AT");
      for (JsonNode revocation : reply.path("revocations")) {
        table.row(Text.field(revocation, "kind"), Text.field(revocation, "target"), Text.field(revocation, "reason"),
            Text.field(revocation, "revokedBy"), Text.field(revocation, "revokedAt"));
      }
      if (table.isEmpty()) out.println("no revocations");
      else table.print(out);
    });
  }
}
