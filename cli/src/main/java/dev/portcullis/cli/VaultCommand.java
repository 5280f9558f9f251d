package dev.portcullis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.crypto.RootKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code portcullis vault}: the root key (made and rotated locally, never sent anywhere but to a
 * gateway that asks to be unsealed), the vault's status and the re-wrap after a rotation.
 */
@Command(name = "vault", description = "Make and rotate root keys; show the vault's status; unseal; re-wrap after a rotation.")
final class VaultCommand extends CommandGroup {

  @Command(name = "keygen", description = "Write a new root key file (a Tink keyset, mode 0600). Keep it off the gateway's disk if you can: PORTCULLIS_ROOT_KEY takes its content too.")
  int keygen(@Parameters(index = "0", paramLabel = "FILE") Path file) {
    RootKey key = local(() -> RootKey.writeNewFile(file));
    out().println("root key written to " + file + " (key id " + key.primaryId() + ")");
    out().flush();
    return 0;
  }

  @Command(name = "rotate-key", description = "Add a new primary key to a root key file; the old keys stay so existing records still open. Restart or unseal with it, then run 'vault rewrap'.")
  int rotateKey(@Parameters(index = "0", paramLabel = "FILE") Path file) {
    RootKey key = local(() -> RootKey.rotateFile(file));
    out().println("new primary key " + key.primaryId() + " in " + file + " (keys " + key.keyIds() + ")");
    out().flush();
    return 0;
  }

  @Command(name = "drop-key", description = "Remove a retired key from a root key file, once 'vault status' lists it as droppable.")
  int dropKey(@Parameters(index = "0", paramLabel = "FILE") Path file,
              @Parameters(index = "1", paramLabel = "KEY_ID") int keyId) {
    RootKey key = local(() -> RootKey.dropFromFile(file, keyId));
    out().println("key " + keyId + " removed from " + file + " (keys " + key.keyIds() + ", primary " + key.primaryId() + ")");
    out().flush();
    return 0;
  }

  @Command(name = "status", description = "Sealed or not, the loaded key ids, and how many records still use older keys.")
  int status() {
    return print(client().get("/vault"), VaultCommand::printStatus);
  }

  @Command(name = "unseal", description = "Give a sealed gateway its root key (from a key file).")
  int unseal(@Parameters(index = "0", paramLabel = "FILE") Path file) {
    String keyset;
    try {
      keyset = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandFailure(PortcullisCli.EXIT_FAILED, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("keyset", keyset);
    body.put("by", user());
    return print(client().post("/vault/unseal", body), VaultCommand::printStatus);
  }

  @Command(name = "rewrap", description = "Re-encrypt every record's data key under the primary root key, while the gateway keeps serving.")
  int rewrap() {
    return print(client().post("/vault/rewrap", Map.of("by", user())), (reply, out) -> {
      out.println("re-wrapped " + Text.field(reply, "rewrapped") + " record(s)");
      printStatus(reply, out);
    });
  }

  private static void printStatus(JsonNode reply, java.io.PrintWriter out) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("sealed", Text.field(reply, "sealed"));
    if (reply.has("reason")) fields.put("reason", Text.field(reply, "reason"));
    fields.put("keys", Text.value(reply.path("keyIds")));
    if (reply.has("primaryKeyId")) fields.put("primary", Text.field(reply, "primaryKeyId"));
    fields.put("records", Text.field(reply, "records"));
    fields.put("under older keys", Text.field(reply, "recordsUnderOlderKeys"));
    fields.put("droppable keys", Text.value(reply.path("droppableKeyIds")));
    printFields(out, fields);
  }

  private static RootKey local(java.util.function.Supplier<RootKey> action) {
    try {
      return action.get();
    } catch (VaultException | IllegalArgumentException e) {
      throw new CommandFailure(PortcullisCli.EXIT_FAILED, e.getMessage());
    }
  }
}
