package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.bench.scenarios.server.Json;
import dev.portcullis.bench.scenarios.server.StateFile;
import dev.portcullis.devkit.AgentInstance;
import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.YamlBinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Portcullis in this process in front of the suites' servers, set up as an operator would: a
 * fresh data directory, the servers as stdio upstreams, every tool approved through the admin API,
 * the policy of the chosen defence, the users' identity provider ({@link LocalIdentityProvider})
 * and one agent per suite allowed to act for users. It denies every held call through an
 * {@link ApprovalWatcher}.
 *
 * <p>Every run is delegated, as in production: the suite's user asks for the task and gets an
 * access token stating it; a new instance of the suite's agent, with a key of its own, enrols and
 * exchanges that token for a delegation token for the task; and calls tools with it.
 */
public final class GatewayHarness implements AutoCloseable {
  /** The audience of the users' tokens: the gateway as the identity provider knows it. */
  public static final String AUDIENCE = "portcullis-scenarios";

  private final Path dir;
  private final LocalIdentityProvider users;
  private final Gateway gateway;
  private final AdminClient admin;
  private final ApprovalWatcher watcher;
  private final AtomicInteger instances = new AtomicInteger();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private GatewayHarness(Path dir, LocalIdentityProvider users, Gateway gateway, AdminClient admin, ApprovalWatcher watcher) {
    this.dir = dir;
    this.users = users;
    this.gateway = gateway;
    this.admin = admin;
    this.watcher = watcher;
  }

  /**
   * Starts the gateway and the upstreams of {@code suites} with the given defence and its policy.
   *
   * @param dir            an empty directory for the configuration, the gateway's data and the servers' files
   * @param suspicionRule  with the defence on, whether to load the rule that holds consequential
   *                       calls after a suspected injection
   * @param java           the JVM to launch the servers with
   * @param classpath      the classpath of the servers (this module's)
   * @throws dev.portcullis.server.config.ConfigException when the gateway refuses the generated configuration
   * @throws IllegalStateException when the gateway cannot start, e.g. because it refuses the policy
   */
  public static GatewayHarness start(Path dir, List<Suite> suites, Defence defence, boolean suspicionRule, String java,
                                     String classpath) throws IOException {
    var policies = new ArrayList<Path>();
    policies.add(copyResource(defence == Defence.ON ? "policy-on.yaml" : "policy-off.yaml", dir.resolve("policy")));
    if (defence == Defence.ON && suspicionRule) policies.add(copyResource("policy-suspicion.yaml", dir.resolve("policy")));
    return start(dir, suites, defence, policies, java, classpath);
  }

  /**
   * Starts the gateway as {@link #start(Path, List, Defence, boolean, String, String)} does, the
   * servers on this JVM and its classpath: for tests, whose classpath holds the servers.
   */
  public static GatewayHarness startHere(Path dir, List<Suite> suites, Defence defence, boolean suspicionRule) throws IOException {
    return start(dir, suites, defence, suspicionRule, thisJava(), System.getProperty("java.class.path"));
  }

  /** As {@link #startHere(Path, List, Defence, boolean)}, with these policy files. */
  static GatewayHarness startHere(Path dir, List<Suite> suites, Defence defence, List<Path> policies) throws IOException {
    return start(dir, suites, defence, policies, thisJava(), System.getProperty("java.class.path"));
  }

  private static String thisJava() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

  /**
   * Starts the gateway with these policy files; the defence decides only whether tool labels and
   * the firewall are configured.
   */
  static GatewayHarness start(Path dir, List<Suite> suites, Defence defence, List<Path> policies, String java,
                              String classpath) throws IOException {
    Files.createDirectories(dir);
    var upstreams = new ArrayList<GatewayConfigWriter.Upstream>();
    for (Suite s : suites) {
      StateFile.save(stateFile(dir, s), s.seed().benign());
      upstreams.add(new GatewayConfigWriter.Upstream(s,
          GatewayConfigWriter.serverCommand(java, classpath, s, stateFile(dir, s), journalFile(dir, s))));
    }
    LocalIdentityProvider users = LocalIdentityProvider.start(AUDIENCE);
    Gateway gateway = null;
    try {
      var provider = new GatewayConfigWriter.Provider(users.issuer(), users.audience(), users.jwksUri());
      Path configFile = dir.resolve("gateway.yaml");
      Files.writeString(configFile, GatewayConfigWriter.yaml(defence, dir.resolve("data"), policies, provider, upstreams));
      GatewayConfig config = new YamlBinder().bind(configFile, GatewayConfig.class);
      gateway = Gateway.start(config);
      var admin = new AdminClient(gateway.adminPort(), gateway.adminToken());
      approveAll(admin, suites);
      for (Suite s : suites) {
        admin.registerAgent(GatewayConfigWriter.agentId(s), "compromised agent of the " + s.title() + " scenarios");
      }
      return new GatewayHarness(dir, users, gateway, admin, new ApprovalWatcher(admin, Duration.ofMillis(20)));
    } catch (IOException | RuntimeException e) {
      try {
        if (gateway != null) gateway.close();
      } finally {
        users.close();
      }
      throw e;
    }
  }

  /** Approves every tool of the suites at the digest its server offers, failing if one is missing. */
  private static void approveAll(AdminClient admin, List<Suite> suites) {
    Map<String, String> offered = new HashMap<>();
    for (JsonNode t : admin.refreshTools()) offered.put(t.path("name").asText(), t.path("observedDigest").asText(null));
    var missing = new TreeSet<String>();
    for (Suite s : suites) {
      for (var tool : s.tools()) {
        String name = s.name() + "." + tool.name();
        String digest = offered.get(name);
        if (digest == null) {
          missing.add(name);
        } else {
          admin.approveTool(name, digest);
        }
      }
    }
    if (!missing.isEmpty()) throw new IllegalStateException("the upstreams did not offer these tools: " + missing);
  }

  /** The state file of a suite's server. */
  public Path stateFile(Suite suite) { return stateFile(dir, suite); }

  /** The journal of a suite's server. */
  public Path journalFile(Suite suite) { return journalFile(dir, suite); }

  /**
   * A new instance of the suite's agent, acting for the suite's user on {@code task}, connected to
   * the suite's server: the user's token states the task, the instance enrols with a fresh key and
   * a fresh credential, and exchanges the user's token for a delegation token for the task.
   *
   * @throws IllegalStateException when the gateway refuses the enrolment or the delegation
   */
  public ToolCaller connect(Suite suite, UserTask task) {
    StatedTask stated = StatedTask.of(suite, task);
    String userToken = users.accessToken(userSubject(suite), stated);
    String agentId = GatewayConfigWriter.agentId(suite);
    String gatewayUrl = "http://127.0.0.1:" + gateway.port();
    var instance = new AgentInstance(http, gatewayUrl);
    String instanceToken = instance.enrol(admin.issueCredential(agentId), "run-" + instances.incrementAndGet());
    String delegation = instance.delegation(userToken, instanceToken, suite.name(), Json.write(stated.authorizationDetails()));
    return GatewayToolCaller.connect(gatewayUrl, suite.name(), agentId, instance, delegation, admin);
  }

  /** A runner of one suite's tasks and attacks through this gateway. */
  public SuiteRunner runner(Suite suite) {
    return new SuiteRunner(suite, stateFile(suite), journalFile(suite), task -> connect(suite, task));
  }

  /**
   * The subject of a suite's user at the identity provider, the same in every run: the user's name
   * in lower case, words joined by dots ({@code lena.hoffmann}).
   *
   * @throws IllegalArgumentException when the name has no letter or digit to make a subject of
   */
  public static String userSubject(Suite suite) {
    String subject = suite.userName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".").replaceAll("^\\.|\\.$", "");
    if (subject.isEmpty()) throw new IllegalArgumentException("the user name of suite '" + suite.name() + "' makes no subject");
    return subject;
  }

  /** The suite's user as the gateway names the user of a delegation: {@code <issuer>#<subject>}. */
  public String user(Suite suite) { return users.issuer() + "#" + userSubject(suite); }

  /** The gateway's audit log (JSON lines). */
  public Path auditLog() { return dir.resolve("data").resolve("audit.log"); }

  /** How many held calls were denied for want of a human. */
  public int heldCallsDenied() { return watcher.denied(); }

  private static Path stateFile(Path dir, Suite s) { return dir.resolve(s.name() + "-state.json"); }

  private static Path journalFile(Path dir, Suite s) { return dir.resolve(s.name() + "-journal.jsonl"); }

  /** Copies the suite resource {@code /scenarios/<name>} (a policy file) into a directory, which is created if need be. */
  public static Path copyResource(String name, Path into) throws IOException {
    Files.createDirectories(into);
    try (InputStream in = GatewayHarness.class.getResourceAsStream("/scenarios/" + name)) {
      if (in == null) throw new UncheckedIOException(new IOException("missing resource /scenarios/" + name));
      Path target = into.resolve(name);
      Files.copy(in, target);
      return target;
    }
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } finally {
      try {
        gateway.close();
      } finally {
        try {
          users.close();
        } finally {
          http.close();
        }
      }
    }
  }
}
