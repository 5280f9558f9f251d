package dev.portcullis.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.portcullis.devkit.PostgresServer;
import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.ConfigException;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.YamlBinder;
import dev.portcullis.vault.crypto.RootKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code portcullis demo last-mile}: an agent reaches a PostgreSQL database and a REST API through
 * the gateway with credentials minted per task. It starts a real PostgreSQL and a small invoice API,
 * prepares them as an operator would, writes the gateway's YAML configuration (and shows it), starts
 * the gateway from that file as {@code portcullis serve --config} does, and runs {@link LastMileScript}.
 * Everything it starts it stops again; the PostgreSQL cluster is deleted, the configuration and the
 * audit log stay in the state directory for a look afterwards.
 */
@Command(name = "last-mile", description = {"Watch an agent call a PostgreSQL database and a REST API through the gateway",
    "with credentials minted per task, then see them revoked."})
final class LastMileDemoCommand implements Callable<Integer> {
  static final String ISSUER = "portcullis-demo";
  static final String AUDIENCE = "billing-api";

  @Option(names = "--port", defaultValue = "7700",
      description = "Port for agents (default: ${DEFAULT-VALUE}; 0 for any free one); the admin API uses the next one.")
  int port;

  @Option(names = "--state-dir", description = "An empty or new directory for the demo's state (default: a new temporary directory).")
  Path stateDir;

  private final PrintStream out;

  LastMileDemoCommand() { this(System.out); }

  LastMileDemoCommand(PrintStream out) { this.out = out; }

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path state;
    try {
      state = prepareStateDir();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    Path cluster = state.resolve("postgres");
    try {
      run(state, cluster);
      return 0;
    } catch (IllegalStateException | IOException | java.sql.SQLException e) {
      out.println();
      out.println("LAST-MILE DEMO FAILED: " + e.getMessage());
      return 1;
    } finally {
      deleteTree(cluster);
    }
  }

  private void run(Path state, Path cluster) throws Exception {
    out.println("== PostgreSQL starts (binaries from Maven Central) in " + cluster);
    try (PostgresServer postgres = PostgresServer.start(cluster)) {
      ShopDatabase shop = ShopDatabase.create(postgres);
      out.println("   database shop on 127.0.0.1:" + postgres.port() + ": table orders; group role shop_reader (SELECT on orders);");
      out.println("   shop_admin (CREATEROLE, ADMIN OPTION on shop_reader, pg_signal_backend) for the vault. No agent login exists.");
      ECKey signingKey = signingKey();
      try (BillingApi billing = BillingApi.start(signingKey.toPublicJWK(), ISSUER, AUDIENCE)) {
        out.println();
        out.println("== The billing API listens on " + billing.baseUrl() + " (GET /invoices/{id})");
        out.println("   it accepts only JWTs for audience " + AUDIENCE + " signed by key " + signingKey.getKeyID()
            + "; it knows only the public half");
        RootKey.writeNewFile(state.resolve("root-key.json"));
        Path config = writeConfig(state, shop, billing);
        out.println();
        out.println("== The vault's root key is in " + state.resolve("root-key.json") + " (mode 0600)");
        out.println("== The configuration an operator writes: " + config);
        out.println();
        Files.readString(config, StandardCharsets.UTF_8).lines().forEach(l -> out.println("   | " + l));
        GatewayConfig gatewayConfig;
        try {
          gatewayConfig = new YamlBinder().bind(config, GatewayConfig.class);
        } catch (ConfigException e) {
          throw new IllegalStateException("the demo's configuration does not bind:\n" + e.getMessage(), e);
        }
        try (Gateway gateway = Gateway.start(gatewayConfig)) {
          out.println();
          out.println("== The gateway serves agents on " + gateway.config().publicUrl() + "/mcp/shop (admin API on port "
              + gateway.adminPort() + ")");
          new LastMileScript(gateway, shop, billing, out).run(signingKey);
        }
      }
    }
    out.println("PostgreSQL stopped and its cluster deleted; configuration and audit log stay in " + state);
  }

  private Path prepareStateDir() throws IOException {
    Path state;
    if (stateDir == null) {
      state = Files.createTempDirectory("portcullis-last-mile-");
    } else {
      state = stateDir.toAbsolutePath();
      Files.createDirectories(state);
      try (Stream<Path> entries = Files.list(state)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--state-dir " + state + " is not empty; give a new or empty directory");
        }
      }
    }
    // When run as root, PostgreSQL runs as an unprivileged user, which must be able to reach its directory.
    var permissions = Files.getPosixFilePermissions(state);
    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
    Files.setPosixFilePermissions(state, permissions);
    return state;
  }

  private Path writeConfig(Path state, ShopDatabase shop, BillingApi billing) throws IOException {
    Path policy = state.resolve("policy");
    Files.createDirectories(policy);
    Files.writeString(policy.resolve("last-mile.yaml"), resource("/demo/last-mile/policy.yaml"), StandardCharsets.UTF_8);
    String text = resource("/demo/last-mile/portcullis.yaml");
    String yaml = text.replace("{{PORT}}", Integer.toString(port))
        .replace("{{ADMIN_PORT}}", Integer.toString(port == 0 ? 0 : port + 1))
        .replace("{{SHOP_JDBC_URL}}", shop.jdbcUrl())
        .replace("{{BILLING_URL}}", billing.baseUrl());
    Path config = state.resolve("portcullis.yaml");
    Files.writeString(config, yaml, StandardCharsets.UTF_8);
    return config;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = LastMileDemoCommand.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("the demo resource " + name + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ECKey signingKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("billing-signing-1").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not make the demo's signing key", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
