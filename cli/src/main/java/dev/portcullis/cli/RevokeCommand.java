package dev.portcullis.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code portcullis revoke}: revokes an agent, an agent instance, a user, a task, a transaction or
 * a token. From then on every call made under it is refused, and so is everything derived from it.
 */
@Command(name = "revoke", description = {"Revoke an agent, instance, user, task, transaction or token:",
    "every call made under it is refused from now on. Revoking an agent also disables it."})
final class RevokeCommand extends CommandGroup {
  static final List<String> KINDS = List.of("agent", "instance", "user", "task", "txn", "token");

  @Parameters(index = "0", paramLabel = "KIND", description = "agent, instance, user, task, txn or token.")
  String kind;

  @Parameters(index = "1", paramLabel = "TARGET", description = {
      "The agent id, the instance's subject (spiffe://...), the user as <issuer>#<sub>,",
      "the task id, the transaction id, or the token's id (jti, never the token itself)."})
  String target;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is revoked.")
  String reason;

  @Option(names = "--by", paramLabel = "NAME", description = "Who revokes it (default: the OS user).")
  String by;

  /** Sends the revocation; a target already revoked is reported with its first revocation. */
  @Override
  public Integer call() {
    String normalised = kind.toLowerCase(Locale.ROOT);
    if (!KINDS.contains(normalised)) {
      throw usage("KIND must be one of " + String.join(", ", KINDS) + "; was '" + Text.safe(kind) + "'");
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("kind", normalised);
    body.put("target", target);
    body.put("reason", reason);
    body.put("by", by == null ? user() : by);
    var reply = client().post("/revocations", body);
    return print(reply, (revocation, out) -> {
      String what = Text.field(revocation, "kind") + " " + Text.field(revocation, "target");
      if (reply.status() == 201) {
        out.println("revoked " + what);
      } else {
        out.println(what + " was already revoked at " + Text.field(revocation, "revokedAt") + " by "
            + Text.field(revocation, "revokedBy") + " (" + Text.field(revocation, "reason") + ")");
      }
    });
  }
}
