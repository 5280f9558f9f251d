package dev.portcullis.bench;

import dev.portcullis.bench.scenarios.AdminClient;
import dev.portcullis.bench.scenarios.CallOutcome;
import dev.portcullis.bench.scenarios.GatewayHarness;
import dev.portcullis.bench.scenarios.GatewayToolCaller;
import dev.portcullis.bench.scenarios.ScenarioRun;
import dev.portcullis.bench.scenarios.ToolCaller;
import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.YamlBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Measures what the defence adds to a tools/call with a 100 KB result, end to end: two gateways in
 * this process, each in front of its own {@link DocumentServer} over stdio, one with the defence
 * off (no firewall, no tool labels, a policy that allows everything) and one with it on (the
 * firewall with its default settings, the operator's labels, the information-flow policy of the
 * scenario suite). An official MCP Java SDK client calls each over Streamable HTTP, the two sides
 * alternating call by call (which goes first alternates too), so both see the same machine.
 *
 * <p>After every call the run pauses, unmeasured, as an agent thinks between calls; with the
 * defence on, the part of the inspection left for later and the fingerprinting of the result run
 * in that pause. A pause of 0 makes each call with the defence on wait for the previous call's
 * background work too, through the session's labels.
 *
 * <p>Both gateways share this process and its heap, so a garbage collection stops a call on either
 * side, whichever side's allocations brought it on. The run notes which calls a collection paused
 * and reports, per side, how many, and the percentiles of the calls none paused beside those of all.
 *
 * <p>Usage: {@code FirewallCallRun [--calls N] [--warmup N] [--pause-ms N] [--per-session N]}
 */
public final class FirewallCallRun {
  private FirewallCallRun() {}

  /** The run's settings. */
  record Options(int calls, int warmup, int pauseMillis, int perSession) {
    static Options parse(String[] args) {
      int calls = 1000;
      int warmup = 300;
      int pause = 20;
      int perSession = 20;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--calls" -> calls = number(args[i], value);
          case "--warmup" -> warmup = number(args[i], value);
          case "--pause-ms" -> pause = number(args[i], value);
          case "--per-session" -> perSession = number(args[i], value);
          default -> throw new IllegalArgumentException("unknown option '" + args[i]
              + "'; usage: [--calls N] [--warmup N] [--pause-ms N] [--per-session N]");
        }
        i++;
      }
      if (calls < 100) throw new IllegalArgumentException("--calls must be at least 100 for a p99");
      if (perSession < 1) throw new IllegalArgumentException("--per-session must be at least 1");
      return new Options(calls, warmup, pause, perSession);
    }

    private static int number(String option, String value) {
      if (value == null) throw new IllegalArgumentException(option + " needs a number");
      int n = Integer.parseInt(value);
      if (n < 0) throw new IllegalArgumentException(option + " must not be negative");
      return n;
    }
  }

  /** The results, as tools of the document server. */
  private static final List<String> TOOLS = List.of("read_document", "list_tickets", "read_letter");

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classpath = System.getProperty("java.class.path");
    Path dir = Files.createTempDirectory("portcullis-firewall-call-");
    try (Side off = Side.start(dir.resolve("off"), false, java, classpath);
         Side on = Side.start(dir.resolve("on"), true, java, classpath)) {
      System.out.printf("%d calls per tool and side after %d to warm up, %d ms pause after each, a new session every %d calls%n",
          options.calls(), options.warmup(), options.pauseMillis(), options.perSession());
      for (String tool : TOOLS) {
        measure(off, on, tool, options.warmup(), options.pauseMillis(), options.perSession());
        Timed t = measure(off, on, tool, options.calls(), options.pauseMillis(), options.perSession());
        report(tool, t);
      }
    } finally {
      ScenarioRun.deleteTree(dir);
    }
  }

  /**
   * The latencies in ns of each side's calls, and per call whether a garbage collection paused the
   * process while it ran.
   */
  record Timed(long[] off, long[] on, boolean[] offCollected, boolean[] onCollected) {
    /** The latencies of the calls no collection paused. */
    static long[] unpaused(long[] nanos, boolean[] collected) {
      long[] kept = new long[nanos.length];
      int n = 0;
      for (int i = 0; i < nanos.length; i++) {
        if (!collected[i]) kept[n++] = nanos[i];
      }
      return Arrays.copyOf(kept, n);
    }

    static int count(boolean[] collected) {
      int n = 0;
      for (boolean c : collected) n += c ? 1 : 0;
      return n;
    }
  }

  /* Calls the tool n times on each side, alternating. */
  private static Timed measure(Side off, Side on, String tool, int n, int pauseMillis, int perSession) throws InterruptedException {
    var t = new Timed(new long[n], new long[n], new boolean[n], new boolean[n]);
    for (int i = 0; i < n; i++) {
      if (i % perSession == 0) {
        off.newSession();
        on.newSession();
      }
      boolean onFirst = i % 2 == 1;
      if (onFirst) on.call(tool, pauseMillis, t.on(), t.onCollected(), i);
      off.call(tool, pauseMillis, t.off(), t.offCollected(), i);
      if (!onFirst) on.call(tool, pauseMillis, t.on(), t.onCollected(), i);
    }
    return t;
  }

  private static void report(String tool, Timed t) {
    long[] off = t.off();
    long[] on = t.on();
    System.out.printf("%n%s (100 KB result)%n", tool);
    System.out.printf("  %-12s %9s %9s %9s%n", "", "p50 ms", "p90 ms", "p99 ms");
    System.out.printf("  %-12s %9.3f %9.3f %9.3f%n", "defence off", ms(off, 50), ms(off, 90), ms(off, 99));
    System.out.printf("  %-12s %9.3f %9.3f %9.3f%n", "defence on", ms(on, 50), ms(on, 90), ms(on, 99));
    System.out.printf("  %-12s %+9.3f %+9.3f %+9.3f%n", "added", ms(on, 50) - ms(off, 50), ms(on, 90) - ms(off, 90),
        ms(on, 99) - ms(off, 99));
    System.out.printf("  %-12s %9.2f %9.2f %9.2f%n", "ratio", ms(on, 50) / ms(off, 50), ms(on, 90) / ms(off, 90),
        ms(on, 99) / ms(off, 99));
    int offPaused = Timed.count(t.offCollected());
    int onPaused = Timed.count(t.onCollected());
    System.out.printf("  calls a garbage collection paused: %d of %d without the defence, %d of %d with it%n",
        offPaused, off.length, onPaused, on.length);
    long[] offClean = Timed.unpaused(off, t.offCollected());
    long[] onClean = Timed.unpaused(on, t.onCollected());
    if (offClean.length >= 100 && onClean.length >= 100) {
      System.out.printf("  calls no collection paused:%n");
      System.out.printf("  %-12s %9.3f %9.3f %9.3f%n", "defence off", ms(offClean, 50), ms(offClean, 90), ms(offClean, 99));
      System.out.printf("  %-12s %9.3f %9.3f %9.3f%n", "defence on", ms(onClean, 50), ms(onClean, 90), ms(onClean, 99));
      System.out.printf("  %-12s %+9.3f %+9.3f %+9.3f%n", "added", ms(onClean, 50) - ms(offClean, 50),
          ms(onClean, 90) - ms(offClean, 90), ms(onClean, 99) - ms(offClean, 99));
    }
  }

  /* The garbage collectors that stop the process (not those that run beside it). */
  private static final List<java.lang.management.GarbageCollectorMXBean> PAUSING =
      java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
          .filter(b -> !b.getName().contains("Concurrent") && !b.getName().contains("Cycles")).toList();

  /** The number of stop-the-world collections so far. */
  static long collections() {
    long n = 0;
    for (var b : PAUSING) n += Math.max(0, b.getCollectionCount());
    return n;
  }

  /** The gateway's configuration: the document server as a stdio upstream; with the defence, its labels and the firewall. */
  static String yaml(Path data, List<Path> policies, List<String> command, boolean defence) {
    var out = new StringBuilder();
    out.append("listen: {host: 127.0.0.1, port: 0}\nadmin: {host: 127.0.0.1, port: 0}\n");
    out.append("data-dir: ").append(q(data.toString())).append('\n');
    out.append("identity:\n  allow-bearer-agent-tokens: true\n");
    out.append("tools:\n  refresh: 10m\n");
    out.append("policy:\n  files: ").append(list(policies.stream().map(Path::toString).toList())).append('\n');
    out.append("upstreams:\n  - name: docs\n    command: ").append(list(command)).append('\n');
    if (defence) {
      // A report anyone could have written is untrusted; the ticket tracker is the team's own.
      out.append("    tool-labels:\n");
      out.append("      read_document: {consequential: false, source: untrusted, confidentiality: internal, receives: [public, internal]}\n");
      out.append("      list_tickets: {consequential: false, source: trusted, confidentiality: internal, receives: [public, internal]}\n");
      out.append("      read_letter: {consequential: false, source: untrusted, confidentiality: internal, receives: [public, internal]}\n");
    }
    out.append("servers:\n  - name: docs\n    upstreams: [docs]\n");
    // The firewall is on unless switched off.
    out.append("firewall:\n  enabled: ").append(defence).append('\n');
    return out.toString();
  }

  /** The nearest-rank percentile of latencies in nanoseconds, in milliseconds. */
  static double ms(long[] nanos, int percentile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1))] / 1e6;
  }

  /** One gateway and its document server, with the agent currently calling it. */
  private static final class Side implements AutoCloseable {
    private final Gateway gateway;
    private final AdminClient admin;
    private final String name;
    private ToolCaller caller;
    private int agents;

    private Side(Gateway gateway, AdminClient admin, String name) {
      this.gateway = gateway;
      this.admin = admin;
      this.name = name;
    }

    static Side start(Path dir, boolean defence, String java, String classpath) throws IOException {
      Files.createDirectories(dir);
      var policies = new ArrayList<Path>();
      for (String p : defence ? List.of("policy-on.yaml", "policy-suspicion.yaml") : List.of("policy-off.yaml")) {
        policies.add(GatewayHarness.copyResource(p, dir));
      }
      Path config = dir.resolve("gateway.yaml");
      Files.writeString(config, yaml(dir.resolve("data"), policies, List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, DocumentServer.class.getName()), defence));
      Gateway gateway = Gateway.start(new YamlBinder().bind(config, GatewayConfig.class));
      try {
        var admin = new AdminClient(gateway.adminPort(), gateway.adminToken());
        var offered = new java.util.HashMap<String, String>();
        admin.refreshTools().forEach(t -> offered.put(t.path("name").asText(), t.path("observedDigest").asText(null)));
        for (String tool : TOOLS) {
          String digest = offered.get("docs." + tool);
          if (digest == null) throw new IllegalStateException("the document server did not offer " + tool + "; offered " + offered.keySet());
          admin.approveTool("docs." + tool, digest);
        }
        return new Side(gateway, admin, defence ? "on" : "off");
      } catch (RuntimeException e) {
        gateway.close();
        throw e;
      }
    }

    /** Ends the current agent's session and starts another with a new agent. */
    void newSession() {
      if (caller != null) caller.close();
      String agent = "cost-" + name + "-" + ++agents;
      String token = admin.registerAgent(agent, "agent of the firewall cost run");
      caller = GatewayToolCaller.connectWithBearer("http://127.0.0.1:" + gateway.port(), "docs", agent, token, admin);
    }

    /** One call, timed into took[i], noting in collected[i] whether a collection paused it; then the pause. */
    void call(String tool, int pauseMillis, long[] took, boolean[] collected, int i) throws InterruptedException {
      long before = collections();
      long start = System.nanoTime();
      CallOutcome outcome = caller.call(tool, Map.of());
      took[i] = System.nanoTime() - start;
      collected[i] = collections() != before;
      if (!(outcome instanceof CallOutcome.Result result) || result.text().isEmpty()) {
        throw new IllegalStateException("defence " + name + ": " + tool + " did not answer with a result: " + outcome);
      }
      if (pauseMillis > 0) Thread.sleep(pauseMillis);
    }

    @Override
    public void close() {
      try {
        if (caller != null) caller.close();
      } finally {
        gateway.close();
      }
    }
  }

  private static String q(String s) { return dev.portcullis.mcp.Json.text(s); }

  private static String list(List<String> items) { return items.stream().map(FirewallCallRun::q).collect(Collectors.joining(", ", "[", "]")); }
}
