package dev.portcullis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * A command under {@code portcullis} — a group of subcommands ({@code agent}, {@code tool}, ...) or
 * a single command that overrides {@link #call} ({@code revoke}, {@code revocations}) — with what
 * its commands share: the {@code --json} option, the admin client, the output streams and, for a
 * group, the usage text when no subcommand is given.
 */
abstract class CommandGroup implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  PortcullisCli root;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the gateway's JSON answer as it is.")
  boolean json;

  /** Without a subcommand: prints the usage and fails as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(err());
    return PortcullisCli.EXIT_USAGE;
  }

  /** Where results go. */
  final PrintWriter out() { return spec.commandLine().getOut(); }

  /** Where messages about the results go. */
  final PrintWriter err() { return spec.commandLine().getErr(); }

  /** The admin API client. */
  final AdminClient client() { return root.client(); }

  /** The name of whoever runs the command, for {@code --by} defaults. */
  static String user() {
    String name = System.getProperty("user.name");
    return name == null || name.isBlank() ? "unknown" : name;
  }

  /** A usage error of this group's command line (exit code 2, with the usage text). */
  final ParameterException usage(String message) { return new ParameterException(spec.commandLine(), message); }

  /** Prints a reply: its JSON as received with {@code --json}, otherwise what {@code readable} prints. */
  final int print(AdminClient.Reply reply, Readable readable) {
    if (json) {
      printJson(reply);
    } else {
      readable.print(reply.json(), out());
    }
    out().flush();
    return 0;
  }

  /** Prints a reply's JSON as received. */
  final void printJson(AdminClient.Reply reply) {
    String text = reply.text().strip();
    out().println(text.isEmpty() ? "{}" : text);
    out().flush();
  }

  /** Prints {@code key: value} lines with the values aligned. */
  static void printFields(PrintWriter out, Map<String, String> fields) {
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
    fields.forEach((key, value) -> out.println((key + ":") + " ".repeat(width - key.length()) + value));
  }

  /** How a reply is shown to a reader. */
  @FunctionalInterface
  interface Readable {
    /** Prints {@code json} readably to {@code out}. */
    void print(JsonNode json, PrintWriter out);
  }
}
