package dev.portcullis.app;

import dev.portcullis.server.Gateway;
import dev.portcullis.server.config.ConfigException;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.YamlBinder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code portcullis serve}: runs the gateway from a configuration file until stopped. */
@Command(name = "serve", description = "Run the gateway from a configuration file.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "The YAML configuration file.")
  Path config;

  @Override
  public Integer call() throws Exception {
    GatewayConfig cfg;
    try {
      cfg = new YamlBinder().bind(config, GatewayConfig.class);
    } catch (ConfigException e) {
      System.err.println("configuration errors:\n" + e.getMessage());
      return 2;
    }
    try (Gateway gateway = Gateway.start(cfg)) {
      System.out.println("Portcullis is serving agents on " + cfg.publicUrl() + " (admin API on port " + gateway.adminPort() + ")");
      var stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }
}
