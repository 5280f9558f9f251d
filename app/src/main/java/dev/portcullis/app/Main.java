package dev.portcullis.app;

import dev.portcullis.cli.PortcullisCli;
import picocli.CommandLine;

/** The {@code portcullis} command: the admin CLI plus {@code serve} and {@code demo}. */
public final class Main {
  private Main() {}

  /** Runs a command and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The whole command line. */
  public static CommandLine commandLine() {
    CommandLine cli = PortcullisCli.commandLine();
    cli.addSubcommand("serve", new ServeCommand());
    cli.addSubcommand("demo", new DemoCommand());
    return cli;
  }
}
