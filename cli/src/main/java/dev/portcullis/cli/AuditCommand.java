package dev.portcullis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portcullis.audit.AuditVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis audit}: offline checks of the audit log, with no gateway involved. */
@Command(name = "audit", description = "Verify audit logs offline.")
final class AuditCommand extends CommandGroup {

  @Command(name = "verify", description = {
      "Verify an audit log offline: every entry links to the one before and the signed head covers the end.",
      "Prints 'OK: N records, chain intact' or each problem; exits 1 on any problem."})
  int verify(
      @Parameters(paramLabel = "LOG-FILE") Path logFile,
      @Option(names = "--public-key", paramLabel = "FILE",
          description = "The log's public key, held independently (default: <log>.pub beside the log, which proves less).")
      Path publicKeyFile) {
    PublicKey key = null;
    if (publicKeyFile != null) {
      try {
        key = AuditVerifier.readPublicKey(publicKeyFile);
      } catch (IOException e) {
        throw usage("cannot use the public key " + publicKeyFile + ": " + e.getMessage());
      }
    }
    AuditVerifier.Report report = AuditVerifier.verify(logFile, key);
    if (json) {
      printReport(report);
    } else if (report.ok()) {
      out().println("OK: " + report.records() + " records, chain intact");
      for (String note : report.notes()) out().println("note: " + Text.safe(note));
    } else {
      out().println("FAILED: " + logFile + " (" + report.records() + " records)");
      for (String problem : report.problems()) out().println("problem: " + Text.safe(problem));
      for (String note : report.notes()) out().println("note: " + Text.safe(note));
    }
    out().flush();
    return report.ok() ? 0 : PortcullisCli.EXIT_FAILED;
  }

  private void printReport(AuditVerifier.Report report) {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("ok", report.ok());
    fields.put("records", report.records());
    fields.put("problems", report.problems());
    fields.put("notes", report.notes());
    try {
      out().println(AdminClient.JSON.writeValueAsString(fields));
    } catch (JsonProcessingException e) {
      throw CommandFailure.failed("the verification report cannot be written as JSON");
    }
  }
}
