package dev.portcullis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code portcullis secret}: write, list and delete the vault's secrets. A value is never taken from
 * the command line (it would land in shell history and process lists) and never read back.
 */
@Command(name = "secret", description = "Write, list and delete secrets in the vault. Values are never shown.")
final class SecretCommand extends CommandGroup {

  /** Where a secret's value comes from. */
  static final class Source {
    @Option(names = "--from-file", paramLabel = "FILE", description = "Read the value from a file (trailing line breaks dropped).")
    Path file;

    @Option(names = "--from-env", paramLabel = "NAME", description = "Read the value from an environment variable.")
    String env;

    @Option(names = "--from-stdin", description = "Read the value from standard input (trailing line breaks dropped).")
    boolean stdin;
  }

  @Command(name = "put", description = "Write a secret (a new version if the path exists).")
  int put(@Parameters(index = "0", paramLabel = "PATH") String path,
          @ArgGroup(exclusive = true, multiplicity = "1") Source source) {
    String value = read(source);
    var body = new LinkedHashMap<String, Object>();
    body.put("value", value);
    body.put("by", user());
    return print(client().put("/secrets/" + encodePath(path), body), (reply, out) ->
        out.println("secret " + Text.field(reply, "path") + " written (version " + Text.field(reply, "version") + ")"));
  }

  @Command(name = "list", description = "List secret paths and versions, without values.")
  int list(@Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX") String prefix) {
    String query = prefix == null ? "" : "?prefix=" + AdminClient.segment(prefix);
    return print(client().get("/secrets" + query), (reply, out) -> {
      var table = new Table("PATH", "VERSION", "UPDATED");
      for (JsonNode s : reply.path("secrets")) {
        table.row(Text.field(s, "path"), Text.field(s, "version"), Text.field(s, "updatedAt"));
      }
      if (table.isEmpty()) out.println("no secrets");
      else table.print(out);
    });
  }

  @Command(name = "delete", description = "Delete a secret.")
  int delete(@Parameters(index = "0", paramLabel = "PATH") String path) {
    return print(client().delete("/secrets/" + encodePath(path)), (reply, out) -> out.println("secret " + Text.safe(path) + " deleted"));
  }

  private static String encodePath(String path) {
    var parts = path.split("/", -1);
    var encoded = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) encoded.append('/');
      encoded.append(AdminClient.segment(parts[i]));
    }
    return encoded.toString();
  }

  private String read(Source source) {
    String value;
    if (source.env != null) {
      value = System.getenv(source.env);
      if (value == null || value.isEmpty()) throw usage("environment variable " + source.env + " is unset or empty");
    } else {
      try {
        value = source.file != null ? Files.readString(source.file, StandardCharsets.UTF_8) : readStdin(System.in);
      } catch (IOException e) {
        throw new CommandFailure(PortcullisCli.EXIT_FAILED, "cannot read the secret's value (" + e.getClass().getSimpleName() + ")");
      }
      value = value.replaceAll("[\\r\\n]+$", "");
    }
    if (value.isEmpty()) throw usage("the secret's value is empty");
    return value;
  }

  private static String readStdin(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
