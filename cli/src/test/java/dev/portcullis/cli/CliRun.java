package dev.portcullis.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs the {@code portcullis} command line in-process with a given environment and captures its output. */
final class CliRun {
  /** What a run printed and returned. */
  record Result(int exitCode, String out, String err) {}

  private final Map<String, String> environment = new HashMap<>();

  /** A runner whose environment is empty. */
  CliRun() {}

  /** A runner pointed at {@code server} with {@code token} as PORTCULLIS_ADMIN_TOKEN. */
  static CliRun against(StubAdminServer server, String token) {
    return new CliRun().env("PORTCULLIS_ADMIN_URL", server.url()).env("PORTCULLIS_ADMIN_TOKEN", token);
  }

  /** Sets an environment variable for the runs. */
  CliRun env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Runs {@code args}. */
  Result run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var commandLine = PortcullisCli.commandLine(environment::get);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
