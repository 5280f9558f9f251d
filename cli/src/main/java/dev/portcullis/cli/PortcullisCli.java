package dev.portcullis.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code portcullis} command: the admin commands (clients of the gateway's admin HTTP API) and
 * the offline audit verifier, with the global options every subcommand inherits.
 *
 * <p>Exit codes: 0 ok, 1 the operation was refused or failed, 2 usage error, 3 the gateway cannot
 * be reached. Other modules add their own subcommands with {@link CommandLine#addSubcommand}.
 */
@Command(name = "portcullis", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = PortcullisCli.Version.class,
    description = "Portcullis, a zero-trust gateway for AI agents.",
    subcommands = {AgentCommand.class, ToolCommand.class, ApprovalCommand.class, PolicyCommand.class,
        SwitchCommand.class, RevokeCommand.class, RevocationsCommand.class, AuditCommand.class,
        VaultCommand.class, SecretCommand.class, LeaseCommand.class})
public final class PortcullisCli implements Callable<Integer> {
  /** The exit code of a refused or failed operation. */
  public static final int EXIT_FAILED = 1;
  /** The exit code of a usage error. */
  public static final int EXIT_USAGE = 2;
  /** The exit code when the gateway cannot be reached. */
  public static final int EXIT_UNREACHABLE = 3;

  static final String DEFAULT_ADMIN_URL = "http://127.0.0.1:7701";
  static final String DEFAULT_DATA_DIR = "data";

  private final UnaryOperator<String> environment;
  private AdminClient client;

  @Spec
  CommandSpec spec;

  @Option(names = "--admin-url", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "Base URL of the gateway's admin API (default: $PORTCULLIS_ADMIN_URL, else "
          + DEFAULT_ADMIN_URL + ").")
  String adminUrlOption;

  @Option(names = "--admin-token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
      description = "Admin API token (default: $PORTCULLIS_ADMIN_TOKEN, else the file <data-dir>/admin.token).")
  String adminTokenOption;

  @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "The gateway's data directory (default: $PORTCULLIS_DATA_DIR, else '" + DEFAULT_DATA_DIR + "').")
  Path dataDirOption;

  /** A command reading its defaults from the process environment. */
  public PortcullisCli() { this(System::getenv); }

  PortcullisCli(UnaryOperator<String> environment) { this.environment = Objects.requireNonNull(environment); }

  /** The ready-to-execute {@code portcullis} command line, with its exit codes mapped. */
  public static CommandLine commandLine() { return commandLine(System::getenv); }

  /** As {@link #commandLine()}, reading the environment from {@code environment} (tests). */
  static CommandLine commandLine(UnaryOperator<String> environment) {
    var commandLine = new CommandLine(new PortcullisCli(environment));
    commandLine.setExecutionExceptionHandler(PortcullisCli::handle);
    return commandLine;
  }

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) { System.exit(commandLine().execute(args)); }

  /** Without a subcommand: prints the usage and fails as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }

  /** The data directory: {@code --data-dir}, else $PORTCULLIS_DATA_DIR, else {@code data}. */
  public Path dataDir() {
    if (dataDirOption != null) return dataDirOption;
    String fromEnvironment = environment.apply("PORTCULLIS_DATA_DIR");
    return Path.of(isBlank(fromEnvironment) ? DEFAULT_DATA_DIR : fromEnvironment);
  }

  /** The admin API base URL: {@code --admin-url}, else $PORTCULLIS_ADMIN_URL, else the local default. */
  URI adminUrl() {
    String value = adminUrlOption;
    if (isBlank(value)) value = environment.apply("PORTCULLIS_ADMIN_URL");
    if (isBlank(value)) value = DEFAULT_ADMIN_URL;
    value = value.strip();
    while (value.endsWith("/")) value = value.substring(0, value.length() - 1);
    try {
      URI uri = new URI(value);
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CommandFailure(EXIT_USAGE, "the admin URL '" + value + "' is not usable: " + e.getReason());
    }
  }

  /*
   * The token is resolved only when a command talks to the gateway, so offline commands work
   * without one. It never appears in output, in an exception message or in the usage text.
   */
  private String adminToken() {
    if (!isBlank(adminTokenOption)) return adminTokenOption.strip();
    String fromEnvironment = environment.apply("PORTCULLIS_ADMIN_TOKEN");
    if (!isBlank(fromEnvironment)) return fromEnvironment.strip();
    Path file = dataDir().resolve("admin.token");
    String fromFile;
    try {
      fromFile = Files.readString(file).strip();
    } catch (NoSuchFileException e) {
      throw new CommandFailure(EXIT_USAGE, "no admin token: pass --admin-token, set PORTCULLIS_ADMIN_TOKEN, "
          + "or point --data-dir at the gateway's data directory (" + file + " does not exist)");
    } catch (IOException e) {
      throw new CommandFailure(EXIT_USAGE, "no admin token: the token file " + file + " cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    if (fromFile.isEmpty()) throw new CommandFailure(EXIT_USAGE, "no admin token: the token file " + file + " is empty");
    return fromFile;
  }

  /** The client of the admin API, created on first use. */
  AdminClient client() {
    if (client == null) client = new AdminClient(adminUrl(), adminToken());
    return client;
  }

  private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    var err = commandLine.getErr();
    if (e instanceof CommandFailure failure) {
      err.println("portcullis: " + failure.getMessage());
      err.flush();
      return failure.exitCode();
    }
    err.println("portcullis: unexpected " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    err.flush();
    return EXIT_FAILED;
  }

  /** The version shown by {@code --version}: the jar's implementation version when it has one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PortcullisCli.class.getPackage().getImplementationVersion();
      return new String[] {"portcullis " + (version == null ? "(development build)" : version)};
    }
  }

  private static boolean isBlank(String value) { return value == null || value.isBlank(); }
}
