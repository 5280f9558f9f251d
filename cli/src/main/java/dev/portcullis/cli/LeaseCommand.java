package dev.portcullis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis lease}: the credentials the vault has handed out, as leases — list, renew, revoke. */
@Command(name = "lease", description = "List, renew and revoke credential leases.")
final class LeaseCommand extends CommandGroup {

  @Command(name = "list", description = "List leases, optionally filtered.")
  int list(@Option(names = "--backend", paramLabel = "NAME") String backend,
           @Option(names = "--user", paramLabel = "ISSUER#SUB") String user,
           @Option(names = "--agent", paramLabel = "ID") String agent,
           @Option(names = "--task", paramLabel = "TASK") String task,
           @Option(names = "--state", paramLabel = "STATE", description = "pending, active, revoked, revoke-failed") String state) {
    var query = new StringBuilder();
    Map<String, String> filter = new LinkedHashMap<>();
    filter.put("backend", backend);
    filter.put("user", user);
    filter.put("agent", agent);
    filter.put("task", task);
    filter.put("state", state);
    filter.forEach((k, v) -> {
      if (v != null) query.append(query.isEmpty() ? "?" : "&").append(k).append('=').append(AdminClient.segment(v));
    });
    return print(client().get("/leases" + query), LeaseCommand::printLeases);
  }

  @Command(name = "failed", description = "List leases whose revocation failed and is being retried.")
  int failed() {
    return print(client().get("/leases/failed"), LeaseCommand::printLeases);
  }

  @Command(name = "renew", description = "Extend a lease (never beyond its maximum TTL).")
  int renew(@Parameters(index = "0", paramLabel = "LEASE") String id,
            @Option(names = "--increment", required = true, paramLabel = "DURATION", description = "e.g. 10m") String increment) {
    return print(client().post("/leases/renew", Map.of("id", id, "increment", increment, "by", user())),
        (reply, out) -> out.println("lease " + Text.field(reply, "id") + " now expires at " + Text.field(reply, "expiresAt")));
  }

  /** What to revoke: exactly one. */
  static final class Target {
    @Parameters(index = "0", arity = "0..1", paramLabel = "LEASE") String id;
    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Every lease whose id starts so, e.g. a backend: orders-db/") String prefix;
    @Option(names = "--user", paramLabel = "ISSUER#SUB") String user;
    @Option(names = "--agent", paramLabel = "ID", description = "Every lease with this agent anywhere in its chain.") String agent;
    @Option(names = "--task", paramLabel = "TASK") String task;
    @Option(names = "--txn", paramLabel = "TXN") String txn;
  }

  @Command(name = "revoke", description = "Revoke leases now: one, by prefix, or everything of a user, agent, task or transaction.")
  int revoke(@ArgGroup(exclusive = true, multiplicity = "1") Target target,
             @Option(names = "--reason", paramLabel = "TEXT") String reason) {
    var body = new LinkedHashMap<String, Object>();
    if (target.id != null) body.put("id", target.id);
    if (target.prefix != null) body.put("prefix", target.prefix);
    if (target.user != null) body.put("user", target.user);
    if (target.agent != null) body.put("agent", target.agent);
    if (target.task != null) body.put("task", target.task);
    if (target.txn != null) body.put("txn", target.txn);
    if (reason != null) body.put("reason", reason);
    body.put("by", user());
    return print(client().post("/leases/revoke", body), (reply, out) -> out.println(Text.field(reply, "revoked") + " lease(s) revoked"));
  }

  private static void printLeases(JsonNode reply, java.io.PrintWriter out) {
    var table = new Table("LEASE", "STATE", "TASK", "AGENTS", "USER", "EXPIRES", "LAST ERROR");
    for (JsonNode l : reply.path("leases")) {
      table.row(Text.field(l, "id"), Text.field(l, "state"), Text.field(l, "task"), Text.value(l.path("agents")),
          Text.field(l, "user"), Text.field(l, "expiresAt"), Text.field(l, "lastError"));
    }
    if (table.isEmpty()) out.println("no leases");
    else table.print(out);
  }
}
